using System.Text.Json;
using Latch.Core.Offline;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>Helpers the door suites share: doors, controllers with their device keys, twins and the audit log.</summary>
public abstract class DoorTest(string store) : StoreTest(store)
{
    protected async Task<string> DoorAsync(string name = "Plant room", bool offline = false)
    {
        var door = await Api.CreateResourceAsync(name);
        if (offline)
        {
            var (status, body) = await Api.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config", new { offlineMode = true });
            Assert.True(status == 200, $"config answered {status}: {body}");
        }

        return door;
    }

    protected async Task<(string Id, LatchApi Api)> ControllerAsync(string door, string name = "keypad")
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { name, firmware = "1.0.0" });
        Assert.True(status == 201, $"controller answered {status}: {body}");
        Assert.Equal(door, body.GetProperty("doorId").GetString());
        return (body.GetProperty("id").GetString()!, new LatchApi(Host.Client(body.GetProperty("key").GetString())));
    }

    protected static async Task<JsonElement> TwinAsync(LatchApi controller, string door)
    {
        var (status, twin) = await controller.SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin");
        Assert.True(status == 200, $"twin answered {status}: {twin}");
        return twin;
    }

    protected static DoorSecret SecretOf(JsonElement twin)
    {
        var offline = twin.GetProperty("offline");
        return new DoorSecret(offline.GetProperty("keyVersion").GetInt32(), Convert.FromBase64String(offline.GetProperty("secret").GetString()!));
    }

    protected async Task<List<JsonElement>> AuditAsync(string actionPrefix)
    {
        var (status, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.Equal(200, status);
        return [.. page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString()!.StartsWith(actionPrefix, StringComparison.Ordinal))];
    }

    /// <summary>The door events (opens, denies, lockouts) in the audit log, oldest first.</summary>
    protected async Task<List<JsonElement>> DoorEventsAsync()
    {
        string[] events = ["door.open", "door.deny", "door.offline.open", "door.offline.deny", "door.lockout"];
        return [.. (await AuditAsync("door.")).Where(e => events.Contains(e.GetProperty("action").GetString()))];
    }

    protected static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;
}
