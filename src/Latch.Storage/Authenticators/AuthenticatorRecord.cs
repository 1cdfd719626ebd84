namespace Latch.Storage.Authenticators;

/// <summary>A user's authenticator app. <see cref="Secret"/> is the sealed (encrypted) secret, never the plain one.</summary>
public sealed class AuthenticatorRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public long UserPk { get; init; }

    /// <summary>totp.</summary>
    public required string Kind { get; init; }

    /// <summary>SHA1, SHA256 or SHA512.</summary>
    public required string Algorithm { get; init; }
    public int Digits { get; init; }
    public int Period { get; init; }
    public required byte[] Secret { get; init; }

    /// <summary>pending until the first valid code, then active.</summary>
    public required string State { get; init; }

    /// <summary>The last accepted time step (−1: none yet).</summary>
    public long LastStep { get; init; } = -1;
    public long CreatedAt { get; init; }
    public long? ActivatedAt { get; init; }

    public override string ToString() => $"AuthenticatorRecord {{ Id = {Id}, Kind = {Kind}, State = {State}, Secret = (sealed) }}";
}

/// <summary>States of an authenticator.</summary>
public static class AuthenticatorStates
{
    public const string Pending = "pending";
    public const string Active = "active";
}

/// <summary>What became of a time step offered to open a challenge.</summary>
public enum AuthenticatorUse
{
    /// <summary>The step was recorded, the challenge satisfied and its session started.</summary>
    Accepted,

    /// <summary>The step is not later than the last accepted one (used already, perhaps concurrently on another node).</summary>
    Replayed,

    /// <summary>The authenticator is gone or no longer active.</summary>
    Inactive,

    /// <summary>The challenge was answered meanwhile; the step is spent anyway (fail closed).</summary>
    ChallengeAnswered,
}
