namespace Latch.Server.Delivery.Push;

/// <summary>
/// What the companion app receives: who asks to open what, from where and when, and where to answer. It never
/// carries the number to match: the person reads that on the sign-in page and types it into the companion.
/// </summary>
public sealed record PushNotification(
    string Type,
    string PushId,
    string ChallengeId,
    string UserId,
    string UserName,
    PushResource Resource,
    PushContext Context,
    string RespondPath,
    DateTimeOffset ExpiresAt);

public sealed record PushResource(string Id, string Name);

public sealed record PushContext(string? Ip, string? Location, DateTimeOffset At);

/// <summary>
/// The companion's answer, signed with the push secret. It names its push, so that a signed answer cannot be
/// posted again for another push (the signature covers the body, not the path).
/// </summary>
public sealed record PushResponse
{
    public string? PushId { get; init; }

    public int? Number { get; init; }
    public bool? Approve { get; init; }
}
