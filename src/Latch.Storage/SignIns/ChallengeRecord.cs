namespace Latch.Storage.SignIns;

/// <summary>The step-up a <c>challenge</c> decision opened: who, where, how it may be satisfied and until when.</summary>
public sealed class ChallengeRecord
{
    public const int Pending = 0;
    public const int Satisfied = 1;
    public const int Refused = 2;

    public long Pk { get; init; }
    public required string Id { get; init; }
    public long SignInPk { get; init; }
    public required string SignInId { get; init; }
    public long UserPk { get; init; }
    public required string UserId { get; init; }
    public long ResourcePk { get; init; }
    public required string ResourceId { get; init; }

    /// <summary>JSON array of delivery methods.</summary>
    public required string Methods { get; init; }

    /// <summary>JSON array of the requirements a grant will state as satisfied.</summary>
    public required string Requirements { get; init; }
    public int CodeTtlSeconds { get; init; }
    public int GrantTtlSeconds { get; init; }

    /// <summary>0 pending, 1 satisfied, 2 refused (a push denied or answered with a wrong number).</summary>
    public int State { get; init; }
    public long CreatedAt { get; init; }
    public long ExpiresAt { get; init; }
}

/// <summary>A challenge to store with its sign-in.</summary>
public sealed record NewChallenge(
    string Id,
    long UserPk,
    long ResourcePk,
    string Methods,
    string Requirements,
    int CodeTtlSeconds,
    int GrantTtlSeconds,
    long ExpiresAt);
