using Latch.Controller;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>
/// The offline scenario with the real controller library against the real server: synced, Latch stopped, the
/// controller decides alone (visit codes, wrong windows, other doors, keypad lockout with backoff), Latch restarted,
/// the offline log lands in the audit log in order with the holder.
/// </summary>
public abstract class OfflineScenarioSuite(string store) : DoorTest(store)
{
    private const string WrongCode = "123456789";

    [Fact]
    public async Task Visit_codes_issued_before_the_outage_open_offline_once_and_the_log_reaches_the_audit_after_restart()
    {
        var door = await DoorAsync("Plant room", offline: true);
        var otherDoor = await DoorAsync("Roof", offline: true);
        var user = await Api.CreateUserAsync("tech");
        var (status, created) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { name = "keypad" });
        Assert.Equal(201, status);
        var controllerId = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        var now = Host.Clock.GetUtcNow();
        var (codeId, code) = await VisitAsync(user, door, now.AddHours(1), now.AddHours(3));
        var (_, laterCode) = await VisitAsync(user, door, now.AddHours(6), now.AddHours(7));
        var (_, otherDoorCode) = await VisitAsync(user, otherDoor, now.AddHours(1), now.AddHours(3));

        var folder = Path.Combine(Store.DataFolder, "controller");
        using (var online = Controller(folder, door, controllerId, key))
        {
            Assert.True((await online.SyncAsync()).Online);
        }

        await Host.StopAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(70)); // inside the first visit's window
        using (var offline = Controller(folder, door, controllerId, key))
        {
            for (var i = 1; i <= 4; i++)
            {
                Assert.Null(Denied(await offline.EnterCodeAsync(WrongCode), "invalid").LockedFor);
            }

            Assert.Equal(TimeSpan.FromSeconds(30), Denied(await offline.EnterCodeAsync(WrongCode), "invalid").LockedFor);
            Denied(await offline.EnterCodeAsync(code), "locked"); // not even the right code while locked
            Host.Clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(TimeSpan.FromSeconds(60), Denied(await offline.EnterCodeAsync(WrongCode), "invalid").LockedFor);
            Host.Clock.Advance(TimeSpan.FromSeconds(60));

            var opened = Assert.IsType<KeypadResult.Opened>(await offline.EnterCodeAsync(code));
            Assert.True(opened.Offline);
            Denied(await offline.EnterCodeAsync(code), "consumed");
            Denied(await offline.EnterCodeAsync(otherDoorCode), "invalid");
            Denied(await offline.EnterCodeAsync(laterCode), "invalid");
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
        string[] deny = ["door.offline.deny"];
        Assert.Equal(
            [.. Enumerable.Repeat("door.offline.deny", 5), "door.lockout", .. deny, "door.lockout", "door.offline.open", .. Enumerable.Repeat("door.offline.deny", 3)],
            events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e => Assert.Equal(door, e.GetProperty("data").GetProperty("doorId").GetString()));
        var open = events.Single(e => e.GetProperty("action").GetString() == "door.offline.open");
        Assert.Equal(user, open.GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal(codeId, open.GetProperty("data").GetProperty("codeId").GetString());
        var (_, stored) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}");
        Assert.Equal("consumed", stored.GetProperty("state").GetString());
    }

    /// <summary>A visit whose code is delivered to the outbox at once (the lead reaches back before now); the id and digits of its code.</summary>
    private async Task<(string CodeId, string Code)> VisitAsync(string user, string door, DateTimeOffset start, DateTimeOffset end)
    {
        var leadMinutes = (int)(start - Host.Clock.GetUtcNow()).TotalMinutes + 1;
        var (status, visit) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = user, resourceId = door, start, end, method = "outbox", leadMinutes });
        Assert.True(status == 201, $"visit answered {status}: {visit}");
        var codeId = visit.GetProperty("codeId").GetString()!;
        return (codeId, await OutboxFile.WaitForCodeAsync(Store.DataFolder, codeId));
    }

    private static KeypadResult.Denied Denied(KeypadResult result, string reason)
    {
        var denied = Assert.IsType<KeypadResult.Denied>(result);
        Assert.Equal(reason, denied.Reason);
        Assert.True(denied.Offline || reason == "locked", "decided online while Latch was down"); // a locked keypad asks no one
        return denied;
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
