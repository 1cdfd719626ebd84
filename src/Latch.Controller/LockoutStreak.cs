using Latch.Core.Offline;

namespace Latch.Controller;

/// <summary>Rebuilds a <see cref="KeypadLockout"/> from the streak the journal kept, so a restart does not unlock a locked keypad.</summary>
internal static class LockoutStreak
{
    public static KeypadLockout Restore(LockoutPolicy policy, int failures, DateTimeOffset lockedUntil)
    {
        var lockout = new KeypadLockout(policy);

        // KeypadLockout only moves forward by failures: replay the streak, the last one timed so the lock ends when it did.
        for (var i = 1; i < failures; i++)
        {
            lockout.RecordFailure(DateTimeOffset.MinValue);
        }

        if (failures > 0)
        {
            var last = policy.LockAfter(failures);
            lockout.RecordFailure(last > TimeSpan.Zero && lockedUntil > DateTimeOffset.MinValue + last ? lockedUntil - last : DateTimeOffset.MinValue);
        }

        return lockout;
    }
}
