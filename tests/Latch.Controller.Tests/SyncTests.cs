using Latch.Controller.Events;
using Latch.Controller.Twin;

namespace Latch.Controller.Tests;

/// <summary>Syncing: the twin is kept, the clock reported, and the offline log uploaded in order when Latch is back.</summary>
public sealed class SyncTests : IDisposable
{
    private readonly TestDoor _door = new();

    [Fact]
    public async Task A_sync_keeps_the_new_twin_and_reports_the_controllers_clock()
    {
        var latch = new InMemoryLatch(_door.Twin with { Revocations = [TestDoor.Ref(slot: 4)] }, _door.Clock);
        using var controller = _door.Controller(latch, clockOffset: TimeSpan.FromSeconds(90));

        var result = await controller.SyncAsync();

        Assert.True(result.Online);
        Assert.Equal(90, result.SkewSeconds);
        Assert.Equal(_door.Clock.GetUtcNow().AddSeconds(90), latch.LastReport!.Clock);
        Assert.Equal(1, latch.LastReport.KeyVersion);
        Assert.Equal([TestDoor.Ref(slot: 4)], controller.Twin!.Revocations);
        Assert.False(controller.IsSyncDue);
        _door.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.True(controller.IsSyncDue);
    }

    [Fact]
    public async Task A_report_names_the_previous_successful_sync()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock);
        using var controller = _door.Controller(latch);

        await controller.SyncAsync();
        var first = latch.LastReport!.LastSyncAt;
        _door.Clock.Advance(TimeSpan.FromMinutes(10));
        await controller.SyncAsync();

        Assert.Null(first);
        Assert.Equal(TestDoor.Start, latch.LastReport.LastSyncAt);
    }

    [Fact]
    public async Task An_unreachable_Latch_leaves_the_last_twin_in_place()
    {
        using var controller = _door.Controller();

        var result = await controller.SyncAsync();

        Assert.Equal(SyncStatus.Unreachable, result.Status);
        Assert.False(controller.Online);
        Assert.Equal(_door.Twin.Secret!.Version, controller.Twin!.Secret!.Version);
    }

    [Fact]
    public async Task The_offline_log_is_uploaded_in_order_when_Latch_is_back_and_only_once()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock) { Reachable = false };
        using var controller = _door.Controller(latch);
        await controller.EnterCodeAsync(_door.Code(slot: 0));
        await controller.EnterCodeAsync(_door.Code(slot: 0));
        await controller.EnterCodeAsync(_door.Code(slot: 1));

        latch.Reachable = true;
        var first = await controller.SyncAsync();
        var second = await controller.SyncAsync();

        Assert.Equal(3, first.Uploaded);
        Assert.Equal(0, second.Uploaded);
        Assert.Equal([1L, 2L, 3L], latch.Stored.Select(e => e.Seq));
        Assert.Equal([DoorEvent.OfflineOpen, DoorEvent.OfflineDeny, DoorEvent.OfflineOpen], latch.Stored.Select(e => e.Kind));
        Assert.Equal(3, controller.UploadedThrough);
        Assert.Empty(controller.PendingEvents);
    }

    [Fact]
    public async Task Events_after_an_upload_continue_the_sequence()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock) { Reachable = false };
        using var controller = _door.Controller(latch);
        await controller.EnterCodeAsync(_door.Code(slot: 0));
        latch.Reachable = true;
        await controller.SyncAsync();

        latch.Reachable = false;
        await controller.EnterCodeAsync(_door.Code(slot: 1));
        latch.Reachable = true;
        await controller.SyncAsync();

        Assert.Equal([1L, 2L], latch.Stored.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_reset_controller_numbers_its_events_after_what_Latch_already_holds()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock);
        latch.Stored.AddRange(Enumerable.Range(1, 7).Select(i => new DoorEvent(i, TestDoor.Start, DoorEvent.OfflineDeny, Reason: "invalid")));
        latch.Reachable = false;
        using var controller = _door.Controller(latch);
        await controller.EnterCodeAsync(_door.Code());

        latch.Reachable = true;
        var result = await controller.SyncAsync();

        Assert.Equal(1, result.Uploaded);
        Assert.Equal(8, latch.Stored[^1].Seq);
        Assert.Equal(DoorEvent.OfflineOpen, latch.Stored[^1].Kind);
    }

    [Fact]
    public async Task A_code_opened_online_cannot_open_again_offline()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock);
        var code = _door.Code();
        latch.Holders[code] = "usr_ada";
        using var controller = _door.Controller(latch);

        var online = Assert.IsType<KeypadResult.Opened>(await controller.EnterCodeAsync(code));
        latch.Reachable = false;
        var offline = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(code));

        Assert.Equal("usr_ada", online.Holder);
        Assert.False(online.Offline);
        Assert.Equal(DenyReasons.Consumed, offline.Reason);
    }

    [Fact]
    public async Task Turning_offline_mode_off_at_a_sync_stops_offline_opens()
    {
        var latch = new InMemoryLatch(_door.Twin with { Desired = DoorConfig.Default, Secret = null }, _door.Clock);
        using var controller = _door.Controller(latch);
        await controller.SyncAsync();

        latch.Reachable = false;
        var result = await controller.EnterCodeAsync(_door.Code());

        Assert.Equal(DenyReasons.Offline, Assert.IsType<KeypadResult.Denied>(result).Reason);
    }

    public void Dispose() => _door.Dispose();
}
