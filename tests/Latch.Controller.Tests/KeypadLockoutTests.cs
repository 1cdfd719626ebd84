using Latch.Controller.Events;

namespace Latch.Controller.Tests;

/// <summary>The controller enforces the twin's lockout policy itself: 5 wrong codes lock for 30 s, then the lock doubles.</summary>
public sealed class KeypadLockoutTests : IDisposable
{
    private const string Wrong = "123456789";
    private readonly TestDoor _door = new();

    [Fact]
    public async Task Five_wrong_codes_lock_the_keypad_for_30_s_then_each_further_wrong_code_doubles_the_lock()
    {
        using var controller = _door.Controller();
        for (var i = 1; i <= 4; i++)
        {
            Assert.Null(Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong)).LockedFor);
        }

        var fifth = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong));
        Assert.Equal(TimeSpan.FromSeconds(30), fifth.LockedFor);

        // Locked: even the right code is not looked at.
        _door.Clock.Advance(TimeSpan.FromSeconds(29));
        var whileLocked = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(_door.Code()));
        Assert.Equal(DenyReasons.Locked, whileLocked.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), whileLocked.LockedFor);

        _door.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong)).LockedFor);
        _door.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong)).LockedFor);

        var lockouts = controller.PendingEvents.Where(e => e.Kind == DoorEvent.Lockout).ToList();
        Assert.Equal([5, 6, 7], lockouts.Select(e => e.Failures ?? 0));
    }

    [Fact]
    public async Task A_right_code_ends_the_streak()
    {
        using var controller = _door.Controller();
        for (var i = 0; i < 4; i++)
        {
            await controller.EnterCodeAsync(Wrong);
        }

        Assert.IsType<KeypadResult.Opened>(await controller.EnterCodeAsync(_door.Code()));
        var next = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong));

        Assert.Null(next.LockedFor);
        Assert.Equal(1, controller.Keypad.Failures);
    }

    [Fact]
    public async Task Online_denials_count_toward_the_lockout_too()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock);
        using var controller = _door.Controller(latch);
        for (var i = 0; i < 4; i++)
        {
            Assert.False(Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong)).Offline);
        }

        var fifth = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong));
        var sixth = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(Wrong));

        Assert.Equal(TimeSpan.FromSeconds(30), fifth.LockedFor);
        Assert.Equal(DenyReasons.Locked, sixth.Reason);
        Assert.Equal(5, latch.Unlocks.Count); // the locked keypad did not ask Latch
    }

    [Fact]
    public async Task A_locked_keypad_stays_locked_after_a_restart()
    {
        using (var controller = _door.Controller())
        {
            for (var i = 0; i < 6; i++)
            {
                _door.Clock.Advance(TimeSpan.FromSeconds(31));
                await controller.EnterCodeAsync(Wrong);
            }
        }

        _door.Clock.Advance(TimeSpan.FromSeconds(59));
        using var restarted = _door.Restarted();
        var result = Assert.IsType<KeypadResult.Denied>(await restarted.EnterCodeAsync(_door.Code()));

        Assert.Equal(DenyReasons.Locked, result.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), result.LockedFor);
        _door.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<KeypadResult.Denied>(await restarted.EnterCodeAsync(Wrong)).LockedFor);
    }

    public void Dispose() => _door.Dispose();
}
