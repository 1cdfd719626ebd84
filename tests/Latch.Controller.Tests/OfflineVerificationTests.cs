using Latch.Controller.Events;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Controller.Tests;

/// <summary>A synced controller with Latch unreachable verifies offline codes itself (docs/offline-codes.md).</summary>
public sealed class OfflineVerificationTests : IDisposable
{
    private readonly TestDoor _door = new();

    [Fact]
    public async Task The_right_code_opens_offline_once_and_then_is_consumed()
    {
        using var controller = _door.Controller();
        var code = _door.Code(slot: 3);

        var first = await controller.EnterCodeAsync(code);
        var second = await controller.EnterCodeAsync(code);

        var opened = Assert.IsType<KeypadResult.Opened>(first);
        Assert.True(opened.Offline);
        Assert.Equal(TestDoor.Ref(slot: 3), opened.Ref);
        var denied = Assert.IsType<KeypadResult.Denied>(second);
        Assert.Equal(DenyReasons.Consumed, denied.Reason);
        Assert.True(denied.Offline);
    }

    [Fact]
    public async Task A_code_for_another_door_is_refused()
    {
        using var controller = _door.Controller();

        var result = await controller.EnterCodeAsync(_door.Code(doorId: "res_back00000000000000"));

        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(result).Reason);
    }

    [Fact]
    public async Task A_code_outside_its_window_is_refused_before_and_after()
    {
        using var controller = _door.Controller();
        var code = _door.Code();

        _door.Clock.Set(TestDoor.Window.Start - TimeSpan.FromMinutes(10));
        var early = await controller.EnterCodeAsync(code);
        _door.Clock.Set(TestDoor.Window.End + TimeSpan.FromMinutes(10));
        var late = await controller.EnterCodeAsync(code);

        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(early).Reason);
        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(late).Reason);
    }

    [Fact]
    public async Task A_code_of_a_window_that_has_not_started_is_refused()
    {
        using var controller = _door.Controller();
        var tomorrow = new OfflineWindow(TestDoor.Window.StartUnixSeconds + 86_400, 3);

        var result = await controller.EnterCodeAsync(_door.Code(window: tomorrow));

        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(result).Reason);
    }

    [Fact]
    public async Task A_revoked_code_is_refused_as_revoked()
    {
        _door.State.SaveTwin(_door.Twin with { Revocations = [TestDoor.Ref(slot: 1)] });
        using var controller = _door.Controller();

        var revoked = await controller.EnterCodeAsync(_door.Code(slot: 1));
        var other = await controller.EnterCodeAsync(_door.Code(slot: 2));

        Assert.Equal(DenyReasons.Revoked, Assert.IsType<KeypadResult.Denied>(revoked).Reason);
        Assert.IsType<KeypadResult.Opened>(other);
    }

    [Fact]
    public async Task A_controller_90_s_fast_still_accepts_a_code_inside_the_tolerance()
    {
        // 30 s before the window ends; the fast clock reads 60 s after it, within the 120 s tolerance.
        _door.Clock.Set(TestDoor.Window.End - TimeSpan.FromSeconds(30));
        using var controller = _door.Controller(clockOffset: TimeSpan.FromSeconds(90));

        var result = await controller.EnterCodeAsync(_door.Code());

        Assert.IsType<KeypadResult.Opened>(result);
        Assert.Equal(TestDoor.Window.End + TimeSpan.FromSeconds(60), controller.Now);
    }

    [Fact]
    public async Task A_controller_fast_by_more_than_the_tolerance_refuses_the_same_code()
    {
        _door.Clock.Set(TestDoor.Window.End - TimeSpan.FromSeconds(30));
        using var controller = _door.Controller(clockOffset: TimeSpan.FromSeconds(180));

        var result = await controller.EnterCodeAsync(_door.Code());

        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(result).Reason);
    }

    [Fact]
    public async Task A_code_of_an_older_key_version_no_longer_opens_offline()
    {
        var old = _door.Code();
        _door.State.SaveTwin(_door.Twin with { Secret = new DoorSecret(2, new byte[DoorSecret.Size]) });
        using var controller = _door.Controller();

        var result = await controller.EnterCodeAsync(old);

        Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(result).Reason);
    }

    [Fact]
    public async Task With_offline_mode_off_or_no_twin_every_code_is_refused_as_offline()
    {
        _door.State.SaveTwin(_door.Twin with { Desired = DoorConfig.Default, Secret = null });
        using var controller = _door.Controller();

        var result = await controller.EnterCodeAsync(_door.Code());

        var denied = Assert.IsType<KeypadResult.Denied>(result);
        Assert.Equal(DenyReasons.Offline, denied.Reason);
        Assert.True(denied.Offline);
    }

    [Fact]
    public async Task Events_are_logged_in_order_with_increasing_seq()
    {
        using var controller = _door.Controller();
        var code = _door.Code();

        await controller.EnterCodeAsync(code);
        _door.Clock.Advance(TimeSpan.FromSeconds(5));
        await controller.EnterCodeAsync(code);
        _door.Clock.Advance(TimeSpan.FromSeconds(5));
        await controller.EnterCodeAsync("000000000");

        var events = controller.PendingEvents;
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Seq));
        Assert.Equal([DoorEvent.OfflineOpen, DoorEvent.OfflineDeny, DoorEvent.OfflineDeny], events.Select(e => e.Kind));
        Assert.Equal([null, DenyReasons.Consumed, DenyReasons.Invalid], events.Select(e => e.Reason));
        Assert.Equal(TestDoor.Ref(), events[0].Ref);
        Assert.Equal([TestDoor.Start, TestDoor.Start.AddSeconds(5), TestDoor.Start.AddSeconds(10)], events.Select(e => e.At));
    }

    public void Dispose() => _door.Dispose();
}
