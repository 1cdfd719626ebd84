using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Visits;

/// <summary>Visits: a code that opens only inside its window and reaches the person at start − lead.</summary>
public abstract class VisitSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task A_visit_code_arrives_at_start_minus_lead_and_opens_only_inside_its_window()
    {
        var (user, door) = await DirectoryAsync();
        var start = Host.Clock.GetUtcNow().AddHours(2);
        var end = start.AddHours(1);
        var visit = await ScheduleAsync(new { userId = user, resourceId = door, start, end, method = "outbox", leadMinutes = 30, maxUses = 2 });
        var codeId = visit.GetProperty("codeId").GetString()!;
        Assert.Equal(start.AddMinutes(-30), visit.GetProperty("deliverAt").GetDateTimeOffset());
        Assert.Equal("scheduled", visit.GetProperty("state").GetString());

        // One second before start − lead: a message delivered now proves the dispatcher ran, and the visit's is held back.
        Host.Clock.Advance(start.AddMinutes(-30).AddSeconds(-1) - Host.Clock.GetUtcNow());
        await ProbeDispatcherAsync(user, door);
        Assert.DoesNotContain(OutboxFile.Read(Store.DataFolder), m => m.GetProperty("codeId").GetString() == codeId);

        Host.Clock.Advance(TimeSpan.FromSeconds(2));
        var code = await OutboxFile.WaitForCodeAsync(Store.DataFolder, codeId);

        Host.Clock.Advance(start.AddSeconds(-1) - Host.Clock.GetUtcNow());
        Assert.Equal("notYetValid", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));
        Host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        Host.Clock.Advance(end.AddSeconds(1) - Host.Clock.GetUtcNow());
        Assert.Equal("expired", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));
    }

    [Fact]
    public async Task Cancelling_a_visit_revokes_its_code_and_its_delivery()
    {
        var (user, door) = await DirectoryAsync();
        var start = Host.Clock.GetUtcNow().AddHours(2);
        var visit = await ScheduleAsync(new { userId = user, resourceId = door, start, end = start.AddHours(1), method = "outbox" });
        var id = visit.GetProperty("id").GetString()!;

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/visits/{id}")).Status);
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/visits/{id}")).Status);

        var (_, cancelled) = await Api.SendAsync(HttpMethod.Get, $"/v1/visits/{id}");
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        var (_, code) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{visit.GetProperty("codeId").GetString()}");
        Assert.Equal("revoked", code.GetProperty("state").GetString());
        var (_, delivery) = await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{visit.GetProperty("deliveryId").GetString()}");
        Assert.Equal("cancelled", delivery.GetProperty("state").GetString());

        Host.Clock.Advance(TimeSpan.FromHours(2));
        await ProbeDispatcherAsync(user, door);
        Assert.DoesNotContain(OutboxFile.Read(Store.DataFolder), m => m.GetProperty("codeId").GetString() == visit.GetProperty("codeId").GetString());
        var (_, listed) = await Api.SendAsync(HttpMethod.Get, "/v1/visits");
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task Visits_are_listed_soonest_first_and_bad_ones_are_refused()
    {
        var (user, door) = await DirectoryAsync();
        var now = Host.Clock.GetUtcNow();
        var later = await ScheduleAsync(new { userId = user, resourceId = door, start = now.AddDays(2), end = now.AddDays(2).AddHours(1), method = "outbox" });
        var sooner = await ScheduleAsync(new { userId = user, resourceId = door, start = now.AddDays(1), end = now.AddDays(1).AddHours(1), method = "outbox" });

        var (_, listed) = await Api.SendAsync(HttpMethod.Get, $"/v1/visits?userId={user}");
        Assert.Equal([sooner.GetProperty("id").GetString(), later.GetProperty("id").GetString()], listed.EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.All(listed.EnumerateArray(), v => Assert.False(v.TryGetProperty("code", out _)));

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = user, resourceId = door, start = now.AddHours(2), end = now.AddHours(1), method = "outbox", leadMinutes = -5 });
        Assert.Equal(400, status);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("end", fields);
        Assert.Contains("leadMinutes", fields);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = "usr_00000000000000000000", resourceId = door, start = now.AddHours(1), end = now.AddHours(2), method = "outbox" })).Status);
        Assert.Equal(400, (await Api.SendAsync(HttpMethod.Post, "/v1/visits", new { userId = user, resourceId = door, start = now.AddHours(1), end = now.AddHours(2), method = "pigeon" })).Status);
    }

    private async Task<(string User, string Door)> DirectoryAsync() => (await Api.CreateUserAsync("tech"), await Api.CreateResourceAsync("Plant room"));

    private async Task<JsonElement> ScheduleAsync(object visit)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", visit);
        Assert.True(status == 201, $"visit answered {status}: {body}");
        return body;
    }

    /// <summary>Issues an immediate outbox code and waits for it: the dispatcher has run a round at the current time.</summary>
    private async Task ProbeDispatcherAsync(string user, string door)
    {
        var (id, _) = await Api.IssueAsync(user, door, new { deliver = new { method = "outbox" } });
        await OutboxFile.WaitForCodeAsync(Store.DataFolder, id);
    }
}

public sealed class SqliteVisits() : VisitSuite("sqlite");

public sealed class PostgresVisits() : VisitSuite("postgres");
