using Latch.Core.Codes;
using Latch.Server.Delivery;
using Latch.Storage.Codes;

namespace Latch.Server.Codes;

public sealed record IssueCodeRequest
{
    public string? UserId { get; init; }
    public string? ResourceId { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? NotAfter { get; init; }
    public int? TtlSeconds { get; init; }
    public int? MaxUses { get; init; }
    public int? MaxAttempts { get; init; }
    public int? Length { get; init; }

    /// <summary><c>numeric</c> (default) or <c>alphanumeric</c>.</summary>
    public string? Alphabet { get; init; }
    public DeliverRequest? Deliver { get; init; }
}

public sealed record DeliverRequest
{
    public string? Method { get; init; }
    public DateTimeOffset? At { get; init; }
}

/// <summary>The answer to an issuance. <see cref="Code"/> appears here and nowhere else, and not at all when delivered.</summary>
public sealed record CodeIssued(
    string Id,
    string? Code,
    string UserId,
    string ResourceId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int MaxUses,
    int MaxAttempts,
    string? DeliveredTo,
    DeliveryQueued? Delivery = null,
    Doors.OfflineWindowView? Offline = null);

public sealed record VerifyCodeRequest
{
    public string? ResourceId { get; init; }
    public string? Code { get; init; }
    public VerifyContext? Context { get; init; }
}

public sealed record VerifyContext
{
    /// <summary>The user the caller says is typing: a failure then counts against that user's codes.</summary>
    public string? UserId { get; init; }

    /// <summary>The end user's address when the caller relays it; throttling keys on it.</summary>
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
    public string? ClientApp { get; init; }
}

public sealed record CodeGranted(bool Granted, string UserId, string CodeId);

public sealed record CodeDenied(bool Granted, string Reason, int? RetryAfterSeconds = null);

/// <summary>A code's metadata; <see cref="KeyId"/> tells which code key must stay in the ring while the code lives.</summary>
public sealed record CodeView(
    string Id,
    string UserId,
    string ResourceId,
    int KeyId,
    string State,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int MaxUses,
    int Uses,
    int MaxAttempts,
    int Attempts,
    string? Delivery,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static CodeView Of(CodeRecord c, long nowMs) => new(
        c.Id, c.UserId, c.ResourceId, c.KeyId, StateName(c, nowMs),
        DateTimeOffset.FromUnixTimeMilliseconds(c.NotBefore), DateTimeOffset.FromUnixTimeMilliseconds(c.NotAfter),
        c.MaxUses, c.Uses, c.MaxAttempts, c.Attempts, c.Delivery, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), c.CreatedBy,
        c.LastUsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
        c.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);

    private static string StateName(CodeRecord c, long nowMs) => c.CodeState switch
    {
        CodeState.Active when nowMs >= c.NotAfter => "expired",
        CodeState.Active when nowMs < c.NotBefore => "pending",
        CodeState.Active => "active",
        CodeState.Consumed => "consumed",
        CodeState.Revoked => "revoked",
        CodeState.Dead => "dead",
        _ => "expired",
    };
}

public sealed record RevokedCount(int Revoked);
