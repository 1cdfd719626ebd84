using Latch.Server.Policies;

namespace Latch.Server.Access;

public sealed record EvaluateRequest
{
    public string? UserId { get; init; }
    public string? ResourceId { get; init; }
    public AccessContext? Context { get; init; }

    /// <summary>What-If and impact only: evaluate these draft policies instead of the stored set.</summary>
    public List<PolicyDocument>? Policies { get; init; }

    /// <summary>With <see cref="Policies"/>: evaluate the drafts alone instead of the stored set with the drafts applied.</summary>
    public bool? DraftsOnly { get; init; }
}

public sealed record AccessContext
{
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
    public string? ClientApp { get; init; }

    /// <summary>The instant to evaluate at (What-If); evaluate uses the server's clock when it is absent.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>What-If only: simulate these instead of computing them.</summary>
    public string? SignInRisk { get; init; }
    public string? UserRisk { get; init; }
}

/// <summary>The answer of evaluate and What-If (SPEC contract table).</summary>
public sealed record EvaluationView(
    string Decision,
    string? SignInId,
    ChallengeView? Challenge,
    GrantView? Grant,
    IReadOnlyList<string> Requirements,
    RiskView Risk,
    IReadOnlyList<PolicyVerdictView> Policies);

public sealed record ChallengeView(string Id, IReadOnlyList<string> Methods, DateTimeOffset ExpiresAt);

public sealed record GrantView(string Token, DateTimeOffset ExpiresAt, string SessionId);

public sealed record RiskView(string SignIn, string User, IReadOnlyList<string> Signals);

/// <summary>One policy's verdict: whether it applied, what it would decide, and each condition's reason.</summary>
public sealed record PolicyVerdictView(string Id, string Name, string State, bool Applied, string Result, IReadOnlyList<string> Reasons);

public sealed record SendChallengeRequest
{
    public string? Method { get; init; }
}

public sealed record ChallengeSent(string ChallengeId, string Method, string CodeId, DateTimeOffset ExpiresAt, Delivery.DeliveryQueued? Delivery = null);

public sealed record VerifyChallengeRequest
{
    public string? Code { get; init; }
}

public sealed record ChallengeVerdictView(string Decision, string? Reason, GrantView? Grant);

public sealed record SessionView(
    string Id, string UserId, string ResourceId, string SignInId, IReadOnlyList<string> Requirements,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Active, string State, DateTimeOffset? RevokedAt, string? RevokedBy, string? RevokeReason);

public sealed record RevokeSessionRequest
{
    public string? Reason { get; init; }
}

public sealed record SignInView(
    string Id, DateTimeOffset At, string UserId, string ResourceId, string? Ip, string Decision, string? ChallengeId,
    string? Outcome, string? SessionId, System.Text.Json.JsonElement Context, System.Text.Json.JsonElement Policies);

public sealed record SignInPage(IReadOnlyList<SignInView> Items, string? Next);

public sealed record ImpactRequest
{
    public List<PolicyDocument>? Policies { get; init; }
    public bool? DraftsOnly { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
}

/// <summary>How replaying [from, to) against the drafts differs from the decisions recorded.</summary>
public sealed record ImpactView(
    DateTimeOffset From, DateTimeOffset To, int Evaluated, int Changed, bool Truncated,
    IReadOnlyList<ImpactTransition> Transitions, IReadOnlyList<ImpactUser> Users, IReadOnlyList<ImpactSample> Samples);

public sealed record ImpactTransition(string From, string To, int Count);

public sealed record ImpactUser(string UserId, int Changed, IReadOnlyList<ImpactTransition> Transitions);

public sealed record ImpactSample(string SignInId, string UserId, string ResourceId, DateTimeOffset At, string Recorded, string Replayed);

/// <summary>The send answer for push: the number the sign-in page shows, to be typed into the companion app.</summary>
public sealed record PushSent(string ChallengeId, string Method, string PushId, int Number, DateTimeOffset ExpiresAt);

public sealed record PushAnswered(string PushId, string State);
