using Latch.Controller.Events;
using Latch.Controller.State;

namespace Latch.Controller.Tests;

/// <summary>The state folder is the controller's flash: a restart keeps the twin, the used-list and the log.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TestDoor _door = new();

    [Fact]
    public async Task A_code_used_before_a_restart_stays_consumed_after_it_and_the_log_continues()
    {
        using (var controller = _door.Controller())
        {
            Assert.IsType<KeypadResult.Opened>(await controller.EnterCodeAsync(_door.Code()));
        }

        using var restarted = _door.Restarted();
        var again = await restarted.EnterCodeAsync(_door.Code());

        Assert.Equal(DenyReasons.Consumed, Assert.IsType<KeypadResult.Denied>(again).Reason);
        Assert.Equal(_door.Twin.Secret!.Version, restarted.Twin!.Secret!.Version);
        Assert.Equal([1L, 2L], restarted.PendingEvents.Select(e => e.Seq));
        Assert.Equal([DoorEvent.OfflineOpen, DoorEvent.OfflineDeny], restarted.PendingEvents.Select(e => e.Kind));
    }

    [Fact]
    public void The_twin_and_journal_are_private_to_the_controller_and_no_temporary_file_is_left()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _door.State.SaveJournal();

        foreach (var file in new[] { _door.State.TwinPath, _door.State.JournalPath, _door.State.CredentialPath })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Empty(Directory.GetFiles(_door.Folder, "*.tmp"));
    }

    [Fact]
    public void A_temporary_file_left_by_a_power_cut_does_not_change_what_is_loaded()
    {
        File.WriteAllText(_door.State.TwinPath + ".tmp", "{ \"doorId\": \"half writ");

        var loaded = ControllerState.Load(_door.Folder);

        Assert.Equal(_door.Twin.DoorId, loaded.Twin!.DoorId);
        Assert.Equal(_door.Twin.Secret!.Reveal().ToArray(), loaded.Twin.Secret!.Reveal().ToArray());
        Assert.Equal(_door.Twin.Desired, loaded.Twin.Desired);
    }

    [Fact]
    public async Task Used_codes_are_forgotten_once_their_window_has_ended()
    {
        var latch = new InMemoryLatch(_door.Twin, _door.Clock) { Reachable = false };
        using var controller = _door.Controller(latch);
        await controller.EnterCodeAsync(_door.Code());
        Assert.Single(_door.State.Journal.Used);

        _door.Clock.Set(TestDoor.Window.End + TimeSpan.FromMinutes(5));
        latch.Reachable = true;
        await controller.SyncAsync();

        Assert.Empty(_door.State.Journal.Used);
    }

    [Fact]
    public void The_credential_never_prints_the_device_key()
    {
        var text = _door.State.Credential!.ToString();

        Assert.DoesNotContain("lk_device", text, StringComparison.Ordinal);
        Assert.Contains("[redacted]", text, StringComparison.Ordinal);
    }

    public void Dispose() => _door.Dispose();
}
