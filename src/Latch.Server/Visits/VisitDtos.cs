using Latch.Storage.Visits;

namespace Latch.Server.Visits;

public sealed record ScheduleVisitRequest
{
    public string? UserId { get; init; }
    public string? ResourceId { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public string? Method { get; init; }

    /// <summary>How long before the window opens the code is delivered (default 30 minutes).</summary>
    public int? LeadMinutes { get; init; }

    /// <summary>How many times the code opens during the window (default 1).</summary>
    public int? MaxUses { get; init; }
}

/// <summary>A visit; the code itself only ever reaches the person, never this view. <c>offline</c> is in the creation answer only.</summary>
public sealed record VisitView(
    string Id, string UserId, string ResourceId, string CodeId, string DeliveryId, string Method, DateTimeOffset Start, DateTimeOffset End,
    int LeadMinutes, DateTimeOffset DeliverAt, string State, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? CancelledAt,
    Doors.OfflineWindowView? Offline = null)
{
    internal static VisitView Of(VisitRecord v, long nowMs) => new(
        v.Id, v.UserId, v.ResourceId, v.CodeId, v.DeliveryId, v.Method,
        DateTimeOffset.FromUnixTimeMilliseconds(v.StartAt), DateTimeOffset.FromUnixTimeMilliseconds(v.EndAt), v.LeadMinutes,
        DateTimeOffset.FromUnixTimeMilliseconds(v.DeliverAt),
        v.CancelledAt is not null ? "cancelled" : nowMs >= v.EndAt ? "ended" : nowMs >= v.StartAt ? "open" : "scheduled",
        DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAt), v.CreatedBy,
        v.CancelledAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
}
