namespace Latch.Storage.SignIns;

/// <summary>
/// An evaluation to record: the sign-in, and the challenge it opened (decision <c>challenge</c>) or the session
/// its grant started (decision <c>allow</c>), with the audit entry for that session.
/// </summary>
public sealed record NewSignIn(
    string Id,
    long At,
    string UserId,
    string ResourceId,
    string? Ip,
    string Decision,
    string Context,
    string Policies,
    NewChallenge? Challenge,
    SessionRecord? Session);

/// <summary>What a satisfied challenge writes with the code's consumption: its session and that session's audit entry.</summary>
public sealed record ChallengeGrant(long ChallengePk, long SignInPk, SessionRecord Session);
