namespace Latch.Core.Throttling;

/// <summary>
/// How failures against one target are slowed down: the first <see cref="FreeFailures"/> consecutive failures
/// cost nothing, each later one blocks for a delay that doubles from <see cref="BaseDelay"/> up to
/// <see cref="MaxDelay"/>. At <see cref="HardLimit"/> consecutive failures (NIST SP 800-63B 5.2.2: at most 100)
/// the target is locked for <see cref="HardLockout"/>, and every further failure locks it again for as long, until
/// a success resets the count: past the limit a guesser gets one try per lockout period. A target with no failure for
/// <see cref="ForgetAfter"/> starts counting afresh, so that rare typos do not add up over weeks.
/// </summary>
public sealed record ThrottleRule(int FreeFailures, TimeSpan BaseDelay, TimeSpan MaxDelay, int HardLimit, TimeSpan HardLockout, TimeSpan ForgetAfter)
{
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        if (consecutiveFailures >= HardLimit)
        {
            return HardLockout;
        }

        if (consecutiveFailures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(consecutiveFailures - FreeFailures, 30);
        var ticks = Math.Min(BaseDelay.Ticks * (1L << doublings), MaxDelay.Ticks);
        return TimeSpan.FromTicks(ticks);
    }
}
