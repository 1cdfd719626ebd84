using Latch.Storage.Deliveries;

namespace Latch.Server.Delivery;

/// <summary>A message just queued, as the issuing call answers it.</summary>
public sealed record DeliveryQueued(string Id, string Method, string State, DateTimeOffset DeliverAt);

/// <summary>A message's progress (<c>GET /v1/deliveries/{id}</c>): never the code.</summary>
public sealed record DeliveryStatusView(
    string Id,
    string CodeId,
    string UserId,
    string Method,
    string State,
    int Attempts,
    string? LastError,
    DateTimeOffset DeliverAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SentAt,
    IReadOnlyList<DeliveryAttemptView> AttemptLog)
{
    public static DeliveryStatusView Of(DeliveryRecord d, IReadOnlyList<DeliveryAttemptRecord> attempts) => new(
        d.Id, d.CodeId, d.UserId, d.Method, d.State, d.Attempts, d.LastError, At(d.DeliverAt),
        d.State == DeliveryStates.Queued ? At(d.NextAttemptAt) : null, At(d.CreatedAt), At(d.UpdatedAt),
        d.SentAt is { } sent ? At(sent) : null,
        [.. attempts.Select(a => new DeliveryAttemptView(a.Attempt, At(a.At), a.Outcome, a.Error, a.Reference))]);

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

public sealed record DeliveryAttemptView(int Attempt, DateTimeOffset At, string Outcome, string? Error, string? Reference);
