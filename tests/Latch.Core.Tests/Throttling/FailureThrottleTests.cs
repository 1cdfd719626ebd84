using Latch.Core.Throttling;

namespace Latch.Core.Tests.Throttling;

public sealed class FailureThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ThrottleRule Rule = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 10, TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    [Fact]
    public void Delays_double_after_the_free_failures_up_to_the_cap_then_the_hard_lockout()
    {
        Assert.Equal(TimeSpan.Zero, Rule.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(1), Rule.DelayAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(2), Rule.DelayAfter(4));
        Assert.Equal(TimeSpan.FromSeconds(8), Rule.DelayAfter(9));
        Assert.Equal(TimeSpan.FromHours(1), Rule.DelayAfter(10));
        Assert.Equal(TimeSpan.FromHours(1), Rule.DelayAfter(11));
    }

    [Fact]
    public void A_target_is_blocked_for_the_delay_and_released_after_it()
    {
        var throttle = new FailureThrottle(Rule);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.IsBlocked("ip:1", T0, out _));
            throttle.RecordFailure("ip:1", T0);
        }

        Assert.True(throttle.IsBlocked("ip:1", T0.AddMilliseconds(500), out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(500), wait);
        Assert.False(throttle.IsBlocked("ip:1", T0.AddSeconds(1), out _));
        Assert.False(throttle.IsBlocked("ip:2", T0, out _));
    }

    [Fact]
    public void A_success_forgets_the_failures()
    {
        var throttle = new FailureThrottle(Rule);
        throttle.RecordFailure("r", T0);
        throttle.RecordFailure("r", T0);
        throttle.RecordSuccess("r");
        Assert.Equal((1, false), throttle.RecordFailure("r", T0));
    }

    [Fact]
    public void A_target_quiet_for_the_forget_period_counts_afresh()
    {
        var throttle = new FailureThrottle(Rule);
        throttle.RecordFailure("r", T0);
        throttle.RecordFailure("r", T0.AddHours(12));
        Assert.Equal((3, true), throttle.RecordFailure("r", T0.AddHours(24)));
        Assert.Equal((1, false), throttle.RecordFailure("r", T0.AddHours(48)));
    }

    [Fact]
    public void Idle_targets_are_swept_when_the_table_is_full()
    {
        var throttle = new FailureThrottle(Rule, maxTrackedTargets: 10);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure($"ip:{i}", T0);
        }

        throttle.RecordFailure("ip:new", T0.AddDays(1));
        Assert.False(throttle.IsBlocked("ip:0", T0.AddDays(1), out _));
        Assert.Equal((1, false), throttle.RecordFailure("ip:0", T0.AddDays(1)));
    }
}
