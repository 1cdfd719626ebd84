namespace Latch.Storage.SignIns;

/// <summary>One evaluation of an access request, with its decision and every policy's verdict (JSON).</summary>
public sealed class SignInRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public long At { get; init; }
    public required string UserId { get; init; }
    public required string ResourceId { get; init; }
    public string? Ip { get; init; }
    public required string Decision { get; init; }

    /// <summary>The request context and the computed risk (JSON).</summary>
    public required string Context { get; init; }

    /// <summary>Per-policy verdicts and reasons (JSON array).</summary>
    public required string Policies { get; init; }
    public string? ChallengeId { get; init; }

    /// <summary>For a challenge: pending, satisfied or failed.</summary>
    public string? Outcome { get; init; }
    public string? SessionId { get; init; }
}

/// <summary>Filters and a page of the sign-in log, newest first; <paramref name="BeforePk"/> continues a previous page.</summary>
public sealed record SignInQuery(string? UserId, string? ResourceId, long? FromMs, long? ToMs, string? Decision, long? BeforePk, int Limit);
