using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>Online unlock: the door's controller forwards a typed code; Latch runs the door's policies for its holder and the code rules.</summary>
public abstract class DoorUnlockSuite(string store) : DoorTest(store)
{
    [Fact]
    public async Task A_held_code_opens_once_and_every_attempt_is_audited_with_door_and_holder()
    {
        var door = await DoorAsync();
        var (controllerId, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var (codeId, code) = await Api.IssueAsync(user, door);

        var (status, opened) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code });
        Assert.Equal(200, status);
        Assert.True(opened.GetProperty("open").GetBoolean());
        Assert.Equal(user, opened.GetProperty("userId").GetString());
        Assert.Equal(codeId, opened.GetProperty("codeId").GetString());

        var (again, denied) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code });
        Assert.Equal(403, again);
        Assert.False(denied.GetProperty("open").GetBoolean());
        Assert.Equal("consumed", denied.GetProperty("reason").GetString());
        Assert.Equal("invalid", (await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code = "000000" })).Body.GetProperty("reason").GetString());

        var entries = await DoorEventsAsync();
        Assert.Equal(["door.open", "door.deny", "door.deny"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(door, e.GetProperty("data").GetProperty("doorId").GetString()));
        Assert.All(entries, e => Assert.Equal(controllerId, e.GetProperty("data").GetProperty("controllerId").GetString()));
        Assert.Equal(user, entries[0].GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal(user, entries[1].GetProperty("data").GetProperty("userId").GetString());
        Assert.DoesNotContain(code, (await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000")).Body.GetRawText(), StringComparison.Ordinal);

        var (_, listed) = await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}");
        Assert.Equal("door.deny", listed.GetProperty("lastEvent").GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_policy_that_blocks_the_holder_at_the_door_denies_and_leaves_the_code_unused()
    {
        var door = await DoorAsync();
        var (_, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("night-shift");
        var (codeId, code) = await Api.IssueAsync(user, door);
        var (created, _) = await Api.SendAsync(HttpMethod.Post, "/v1/policies?force=true", new
        {
            name = "No keypad for night shift",
            state = "enabled",
            users = new { include = new[] { user } },
            resources = new { include = new[] { door } },
            conditions = new { clientApps = new[] { "keypad" } },
            grant = new { block = true },
        });
        Assert.Equal(201, created);

        var (status, denied) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code });
        Assert.Equal(403, status);
        Assert.Equal("policy", denied.GetProperty("reason").GetString());
        Assert.Equal("No keypad for night shift", denied.GetProperty("policy").GetString());
        var (_, stored) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}");
        Assert.Equal("active", stored.GetProperty("state").GetString());
        Assert.Equal(0, stored.GetProperty("uses").GetInt32());

        var deny = Assert.Single(await DoorEventsAsync());
        Assert.Equal("policy", deny.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(user, deny.GetProperty("data").GetProperty("userId").GetString());

        // The same code still opens elsewhere in the API once the policy is gone: it was never consumed.
        var (_, policies) = await Api.SendAsync(HttpMethod.Get, "/v1/policies");
        var policyId = policies.EnumerateArray().Single().GetProperty("id").GetString();
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/policies/{policyId}?force=true")).Status);
        Assert.Equal(200, (await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code })).Status);
    }
}

public sealed class SqliteDoorUnlock() : DoorUnlockSuite("sqlite");

public sealed class PostgresDoorUnlock() : DoorUnlockSuite("postgres");
