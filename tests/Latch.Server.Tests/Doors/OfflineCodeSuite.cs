using System.Text.Json;
using Latch.Core.Offline;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>Offline codes issued by Latch, their revocation list, and the controller's offline log coming back.</summary>
public abstract class OfflineCodeSuite(string store) : DoorTest(store)
{
    [Fact]
    public async Task A_visit_at_an_offline_door_gets_the_code_derived_for_its_covering_window_and_slot()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var secret = SecretOf(await TwinAsync(controller, door));
        var user = await Api.CreateUserAsync("tech");
        var start = Host.Clock.GetUtcNow().AddHours(2).AddMinutes(30); // 11:30
        var end = start.AddHours(1);                                  // 12:30 → window 11:00 + 2 h

        var (status, visit) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = user, resourceId = door, start, end, method = "outbox", leadMinutes = 0 });
        Assert.True(status == 201, $"visit answered {status}: {visit}");
        var window = OfflineWindows.Cover(start, end)!.Value;
        Assert.Equal(window.Start, visit.GetProperty("offline").GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(window.End, visit.GetProperty("offline").GetProperty("windowEnd").GetDateTimeOffset());

        Host.Clock.Advance(start - Host.Clock.GetUtcNow());
        var code = await OutboxFile.WaitForCodeAsync(Store.DataFolder, visit.GetProperty("codeId").GetString()!);
        Assert.Equal(OfflineCodes.Derive(secret, door, new OfflineCodeRef(secret.Version, window, 0)), code);

        // The same digits open online too.
        Assert.Equal(200, (await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code })).Status);
    }

    [Fact]
    public async Task Two_holders_of_the_same_window_get_different_slots_and_the_eleventh_is_refused()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var secret = SecretOf(await TwinAsync(controller, door));
        var notBefore = Host.Clock.GetUtcNow().AddHours(1);
        var notAfter = notBefore.AddHours(3);
        var window = OfflineWindows.Cover(notBefore, notAfter)!.Value;

        var codes = new List<string>();
        for (var slot = 0; slot < OfflineCodes.Slots; slot++)
        {
            var user = await Api.CreateUserAsync("holder" + slot);
            var (status, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, notBefore, notAfter });
            Assert.True(status == 201, $"issuance answered {status}: {issued}");
            codes.Add(issued.GetProperty("code").GetString()!);
            Assert.Equal(OfflineCodes.Derive(secret, door, new OfflineCodeRef(secret.Version, window, slot)), codes[^1]);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
        var eleventh = await Api.CreateUserAsync("holder10");
        var (refused, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = eleventh, resourceId = door, notBefore, notAfter });
        Assert.Equal(409, refused);
        Assert.Equal("latch.offline.slotsExhausted", Code(problem));

        // A code with no scheduled window, or at a door with offline mode off, is an ordinary random one.
        var (_, plain) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = eleventh, resourceId = door });
        Assert.Equal(6, plain.GetProperty("code").GetString()!.Length);
        Assert.False(plain.TryGetProperty("offline", out _));
    }

    [Fact]
    public async Task After_a_rotation_new_offline_codes_are_derived_from_the_new_key_version()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var notBefore = Host.Clock.GetUtcNow().AddHours(1);
        var (_, before) = await Api.IssueAsync(user, door, new { notBefore, notAfter = notBefore.AddHours(1) });
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/offline-key/rotate")).Status);

        var secret = SecretOf(await TwinAsync(controller, door));
        Assert.Equal(2, secret.Version);
        var (_, after) = await Api.IssueAsync(user, door, new { notBefore, notAfter = notBefore.AddHours(1) });
        var window = OfflineWindows.Cover(notBefore, notBefore.AddHours(1))!.Value;
        Assert.Equal(OfflineCodes.Derive(secret, door, new OfflineCodeRef(2, window, 0)), after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task A_revoked_offline_code_is_on_the_twin_until_a_day_after_its_window_ends()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var notBefore = Host.Clock.GetUtcNow();
        var (codeId, _) = await Api.IssueAsync(user, door, new { notBefore, notAfter = notBefore.AddMinutes(30) });
        var (otherId, _) = await Api.IssueAsync(await Api.CreateUserAsync("other"), door, new { notBefore, notAfter = notBefore.AddMinutes(30) });
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/codes/{codeId}")).Status);

        var revoked = Assert.Single((await TwinAsync(controller, door)).GetProperty("revocations").EnumerateArray());
        var window = OfflineWindows.Cover(notBefore, notBefore.AddMinutes(30))!.Value;
        Assert.Equal(window.Start, revoked.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(window.Hours, revoked.GetProperty("windowHours").GetInt32());
        Assert.Equal(0, revoked.GetProperty("slot").GetInt32());
        Assert.Equal(1, revoked.GetProperty("keyVersion").GetInt32());
        Assert.NotNull(otherId);

        // Past the window's end a slow controller clock (or its tolerance) may still accept the window.
        Host.Clock.Advance(window.End.AddMinutes(30) - Host.Clock.GetUtcNow());
        Assert.Equal(1, (await TwinAsync(controller, door)).GetProperty("revocations").GetArrayLength());
        Host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await TwinAsync(controller, door)).GetProperty("revocations").GetArrayLength());
    }

    [Fact]
    public async Task A_visit_cancelled_after_its_end_still_closes_the_rest_of_its_offline_window()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var start = Host.Clock.GetUtcNow().AddHours(2).AddMinutes(30);
        var (_, visit) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = user, resourceId = door, start, end = start.AddHours(1), method = "outbox", leadMinutes = 0 });
        var window = OfflineWindows.Cover(start, start.AddHours(1))!.Value;
        Assert.True(window.End > start.AddHours(1), "the offline window outlasts the visit");

        Host.Clock.Advance(start.AddHours(1).AddMinutes(5) - Host.Clock.GetUtcNow()); // the visit is over; its window is not
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/visits/{visit.GetProperty("id").GetString()}")).Status);

        var revoked = Assert.Single((await TwinAsync(controller, door)).GetProperty("revocations").EnumerateArray());
        Assert.Equal(window.Start, revoked.GetProperty("windowStart").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_offline_code_used_up_online_is_on_the_twin()
    {
        var door = await DoorAsync(offline: true);
        var (_, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var notBefore = Host.Clock.GetUtcNow();
        var (_, code) = await Api.IssueAsync(user, door, new { notBefore, notAfter = notBefore.AddMinutes(30) });
        Assert.Equal(0, (await TwinAsync(controller, door)).GetProperty("revocations").GetArrayLength());

        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status); // an app's verification, not this controller's

        Assert.Equal(1, (await TwinAsync(controller, door)).GetProperty("revocations").GetArrayLength());
    }

    [Fact]
    public async Task Uploaded_events_are_audited_in_order_once_with_the_holder_and_consume_the_code()
    {
        var door = await DoorAsync(offline: true);
        var (controllerId, controller) = await ControllerAsync(door);
        var user = await Api.CreateUserAsync("tech");
        var notBefore = Host.Clock.GetUtcNow();
        var (_, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, notBefore, notAfter = notBefore.AddHours(1) });
        var codeId = issued.GetProperty("id").GetString()!;
        var windowStart = issued.GetProperty("offline").GetProperty("windowStart").GetDateTimeOffset();
        var reference = new { keyVersion = 1, windowStart, windowHours = 1, slot = 0 };
        var at = Host.Clock.GetUtcNow();
        object[] events =
        [
            new { seq = 3, at = at.AddSeconds(30), kind = "lockout", failures = 5 },
            new { seq = 1, at, kind = "offlineOpen", @ref = reference },
            new { seq = 2, at = at.AddSeconds(10), kind = "offlineDeny", reason = "invalid" },
        ];

        var (status, accepted) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/events", new { events });
        Assert.True(status == 200, $"events answered {status}: {accepted}");
        Assert.Equal(3, accepted.GetProperty("acceptedThrough").GetInt64());
        var (again, repeated) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/events", new { events });
        Assert.Equal(200, again);
        Assert.Equal(3, repeated.GetProperty("acceptedThrough").GetInt64());

        var entries = await DoorEventsAsync();
        Assert.Equal(["door.offline.open", "door.offline.deny", "door.lockout"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()));
        Assert.Equal(user, entries[0].GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal(codeId, entries[0].GetProperty("data").GetProperty("codeId").GetString());
        Assert.All(entries, e => Assert.Equal(controllerId, e.GetProperty("data").GetProperty("controllerId").GetString()));

        var (_, code) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}");
        Assert.Equal("consumed", code.GetProperty("state").GetString());
        Assert.Equal("consumed", (await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code = issued.GetProperty("code").GetString() })).Body.GetProperty("reason").GetString());

        var (bad, problem) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/events", new { events = new[] { new { seq = 0, kind = "party" } } });
        Assert.Equal(400, bad);
        Assert.Contains("events[0].kind", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var (nullEvent, nullProblem) = await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/events", new { events = new object?[] { null } });
        Assert.Equal(400, nullEvent);
        Assert.Contains("events[0]", nullProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.True((await Api.AuditVerifyAsync()).GetProperty("valid").GetBoolean());
    }
}

public sealed class SqliteOfflineCodes() : OfflineCodeSuite("sqlite");

public sealed class PostgresOfflineCodes() : OfflineCodeSuite("postgres");
