namespace Latch.Core.Codes;

/// <summary>The stored life-cycle state of a code. Stored as the integer value: never renumber.</summary>
public enum CodeState
{
    Active = 0,
    Consumed = 1,
    Revoked = 2,

    /// <summary>Killed by failed verifications (maxAttempts reached).</summary>
    Dead = 3,
    Expired = 4,
}
