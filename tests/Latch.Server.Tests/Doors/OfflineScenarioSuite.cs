using Latch.Controller;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>
/// Issue 5's offline scenario with the real controller library against the real server: synced, Latch stopped, the
/// controller decides alone, Latch restarted, the offline log lands in the audit log in order with the holder.
/// </summary>
public abstract class OfflineScenarioSuite(string store) : DoorTest(store)
{
    [Fact]
    public async Task A_code_issued_before_the_outage_opens_offline_once_and_the_log_reaches_the_audit_after_restart()
    {
        var door = await DoorAsync("Plant room", offline: true);
        var otherDoor = await DoorAsync("Roof", offline: true);
        var user = await Api.CreateUserAsync("tech");
        var (status, created) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { name = "keypad" });
        Assert.Equal(201, status);
        var controllerId = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        var notBefore = Host.Clock.GetUtcNow();
        var (codeId, code) = await Api.IssueAsync(user, door, new { notBefore, notAfter = notBefore.AddHours(2) });
        var (_, otherCode) = await Api.IssueAsync(user, otherDoor, new { notBefore, notAfter = notBefore.AddHours(2) });

        var folder = Path.Combine(Store.DataFolder, "controller");
        using (var online = Controller(folder, door, controllerId, key))
        {
            Assert.True((await online.SyncAsync()).Online);
        }

        await Host.StopAsync();
        using (var offline = Controller(folder, door, controllerId, key))
        {
            Assert.IsType<KeypadResult.Opened>(await offline.EnterCodeAsync(code));
            Assert.Equal("consumed", Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(code)).Reason);
            Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(otherCode));
        }

        await Host.StartAgainAsync();
        Api.Http.Dispose();
        Api = new LatchApi(Host.Client());
        using (var back = Controller(folder, door, controllerId, key))
        {
            var sync = await back.SyncAsync();
            Assert.True(sync.Online, sync.Problem);
            Assert.Equal(0, sync.Pending);
        }

        var events = await DoorEventsAsync();
        Assert.Equal(["door.offline.open", "door.offline.deny", "door.offline.deny"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(user, events[0].GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal(codeId, events[0].GetProperty("data").GetProperty("codeId").GetString());
        var (_, stored) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}");
        Assert.Equal("consumed", stored.GetProperty("state").GetString());
    }

    private DoorController Controller(string folder, string door, string controllerId, string key)
    {
        var state = ControllerState.Load(folder);
        var credential = new ControllerCredential(Host.BaseAddress, door, controllerId, key);
        state.SaveCredential(credential);
        return new DoorController(state, new HttpDoorTransport(credential, timeout: TimeSpan.FromSeconds(2)), Host.Clock);
    }
}

public sealed class SqliteOfflineScenario() : OfflineScenarioSuite("sqlite");

public sealed class PostgresOfflineScenario() : OfflineScenarioSuite("postgres");
