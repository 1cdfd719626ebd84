using System.Collections.Concurrent;

namespace Latch.Core.Throttling;

/// <summary>
/// Counts consecutive failed verifications per target (a resource, a caller IP) and answers whether the target
/// is blocked right now. Time is passed in; the throttle never reads a clock.
/// </summary>
public sealed class FailureThrottle(ThrottleRule rule, int maxTrackedTargets = 100_000)
{
    private readonly ConcurrentDictionary<string, TargetState> _targets = new(StringComparer.Ordinal);

    public ThrottleRule Rule => rule;

    /// <summary>True when the target must wait; <paramref name="retryAfter"/> tells how long.</summary>
    public bool IsBlocked(string target, DateTimeOffset now, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_targets.TryGetValue(target, out var state))
        {
            return false;
        }

        lock (state)
        {
            if (state.BlockedUntil > now)
            {
                retryAfter = state.BlockedUntil - now;
                return true;
            }

            return false;
        }
    }

    /// <summary>Records a failure; returns the number of consecutive failures and whether this one started a block.</summary>
    public (int ConsecutiveFailures, bool BlockStarted) RecordFailure(string target, DateTimeOffset now)
    {
        if (_targets.Count >= maxTrackedTargets)
        {
            Sweep(now);
        }

        var state = _targets.GetOrAdd(target, static _ => new TargetState());
        lock (state)
        {
            if (state.Failures > 0 && now - state.LastFailure >= rule.ForgetAfter)
            {
                state.Failures = 0;
            }

            state.Failures++;
            state.LastFailure = now;
            var delay = rule.DelayAfter(state.Failures);
            if (delay <= TimeSpan.Zero)
            {
                return (state.Failures, false);
            }

            state.BlockedUntil = now + delay;
            return (state.Failures, true);
        }
    }

    public void RecordSuccess(string target) => _targets.TryRemove(target, out _);

    /// <summary>Forgets targets that are not blocked and have been quiet for the longest delay, bounding memory.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var quietSince = now - rule.MaxDelay - rule.HardLockout;
        foreach (var (key, state) in _targets)
        {
            lock (state)
            {
                if (state.BlockedUntil <= now && state.LastFailure < quietSince)
                {
                    _targets.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class TargetState
    {
        public int Failures;
        public DateTimeOffset BlockedUntil;
        public DateTimeOffset LastFailure;
    }
}
