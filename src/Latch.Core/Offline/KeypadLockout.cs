namespace Latch.Core.Offline;

/// <summary>A keypad's failure streak under a <see cref="LockoutPolicy"/>. Time is passed in; nothing here reads a clock.</summary>
public sealed class KeypadLockout(LockoutPolicy policy)
{
    /// <summary>A keypad resumed from a saved streak, so a restart does not unlock a locked keypad.</summary>
    public KeypadLockout(LockoutPolicy policy, int consecutiveFailures, DateTimeOffset lockedUntil)
        : this(policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(consecutiveFailures);
        ConsecutiveFailures = consecutiveFailures;
        LockedUntil = lockedUntil;
    }

    public int ConsecutiveFailures { get; private set; }

    public DateTimeOffset LockedUntil { get; private set; } = DateTimeOffset.MinValue;

    public bool IsLocked(DateTimeOffset now, out TimeSpan remaining)
    {
        remaining = LockedUntil > now ? LockedUntil - now : TimeSpan.Zero;
        return remaining > TimeSpan.Zero;
    }

    /// <summary>Counts a wrong code; returns the lock it starts (zero when none).</summary>
    public TimeSpan RecordFailure(DateTimeOffset now)
    {
        ConsecutiveFailures++;
        var lockFor = policy.LockAfter(ConsecutiveFailures);
        if (lockFor > TimeSpan.Zero)
        {
            LockedUntil = now + lockFor;
        }

        return lockFor;
    }

    public void RecordSuccess()
    {
        ConsecutiveFailures = 0;
        LockedUntil = DateTimeOffset.MinValue;
    }
}
