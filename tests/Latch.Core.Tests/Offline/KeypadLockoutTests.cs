using Latch.Core.Offline;

namespace Latch.Core.Tests.Offline;

public sealed class KeypadLockoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_failures_lock_for_thirty_seconds_and_each_further_one_doubles_the_lock()
    {
        var keypad = new KeypadLockout(LockoutPolicy.Default);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(TimeSpan.Zero, keypad.RecordFailure(Now));
        }

        Assert.False(keypad.IsLocked(Now, out _));
        Assert.Equal(TimeSpan.FromSeconds(30), keypad.RecordFailure(Now));
        Assert.True(keypad.IsLocked(Now.AddSeconds(29), out var remaining));
        Assert.Equal(TimeSpan.FromSeconds(1), remaining);
        Assert.False(keypad.IsLocked(Now.AddSeconds(30), out _));
        Assert.Equal(TimeSpan.FromSeconds(60), keypad.RecordFailure(Now.AddSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(120), keypad.RecordFailure(Now.AddSeconds(90)));
    }

    [Fact]
    public void The_lock_stops_growing_at_the_maximum()
    {
        var policy = LockoutPolicy.Default;

        Assert.Equal(TimeSpan.FromSeconds(1920), policy.LockAfter(11));
        Assert.Equal(TimeSpan.FromHours(1), policy.LockAfter(12));
        Assert.Equal(TimeSpan.FromHours(1), policy.LockAfter(500));
    }

    [Fact]
    public void A_right_code_ends_the_streak()
    {
        var keypad = new KeypadLockout(LockoutPolicy.Default);
        for (var i = 0; i < 5; i++)
        {
            keypad.RecordFailure(Now);
        }

        keypad.RecordSuccess();

        Assert.False(keypad.IsLocked(Now, out _));
        Assert.Equal(0, keypad.ConsecutiveFailures);
        Assert.Equal(TimeSpan.Zero, keypad.RecordFailure(Now));
    }

    [Fact]
    public void A_resumed_streak_stays_locked_and_keeps_doubling()
    {
        var keypad = new KeypadLockout(LockoutPolicy.Default, 5, Now.AddSeconds(30));

        Assert.True(keypad.IsLocked(Now.AddSeconds(29), out _));
        Assert.False(keypad.IsLocked(Now.AddSeconds(30), out _));
        Assert.Equal(TimeSpan.FromSeconds(60), keypad.RecordFailure(Now.AddSeconds(30)));
    }

    [Fact]
    public void An_attacker_gets_at_most_thirty_four_guesses_a_day()
    {
        // 4 free, then locks of 30 s · 2^k up to 1 h: guesses 5..11 use 3,810 s, then one guess per hour.
        Assert.Equal(34, LockoutPolicy.Default.MostGuessesIn(TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData(0, 30, 3600)]
    [InlineData(5, 0, 3600)]
    [InlineData(5, 60, 30)]
    public void Unusable_policies_are_named(int failures, int baseSeconds, int maxSeconds) =>
        Assert.NotNull(new LockoutPolicy(failures, baseSeconds, maxSeconds).Problem());
}
