using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>The delivery queue across a real crash: <c>latch serve</c> killed with SIGKILL while messages wait, then started again.</summary>
public sealed class DeliveryCrashTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Messages_queued_before_a_kill_9_are_all_delivered_after_restart_and_each_code_opens_once(string store)
    {
        await using var setup = await StoreSetup.CreateAsync(store);
        var data = setup.DataFolder;
        var environment = new Dictionary<string, string>
        {
            ["LATCH_BOOTSTRAP_ADMIN_KEY"] = LatchHost.AdminKey,
            ["Latch__Store"] = store,
            ["Delivery__Outbox__Enabled"] = "true",
            ["Delivery__Queue__PollMilliseconds"] = "100",
            // Messages the killed process had leased come back when the lease runs out: keep it short.
            ["Delivery__Queue__SendTimeoutSeconds"] = "2",
            ["Delivery__Queue__LeaseSeconds"] = "3",
        };
        if (setup.PostgresConnectionString is { } postgres)
        {
            environment["ConnectionStrings__Postgres"] = postgres;
        }

        var codeIds = new List<string>();
        string door;
        await using (var server = await ServerProcess.StartAsync(data, environment))
        {
            var api = Api(server);
            var user = await api.CreateUserAsync("ada");
            door = await api.CreateResourceAsync("Front door");

            // Half go out at once (some may be on their way at the kill), half wait for a time after it.
            var later = DateTimeOffset.UtcNow.AddSeconds(3);
            var issues = Enumerable.Range(0, 40).Select(async i => (await api.IssueAsync(user, door, new
            {
                ttlSeconds = 3600,
                deliver = i % 2 == 0 ? (object)new { method = "outbox" } : new { method = "outbox", at = later },
            })).Id);
            codeIds.AddRange(await Task.WhenAll(issues));
            await server.KillAsync();
        }

        var beforeRestart = OutboxFile.Read(data).Select(m => m.GetProperty("codeId").GetString()).ToHashSet();
        Assert.True(beforeRestart.Count < codeIds.Count, "every message went out before the kill: the test proves nothing");

        await using (var restarted = await ServerProcess.StartAsync(data, environment))
        {
            var api = Api(restarted);
            var codes = new List<string>();
            foreach (var id in codeIds)
            {
                codes.Add(await OutboxFile.WaitForCodeAsync(data, id, TimeSpan.FromSeconds(30)));
            }

            foreach (var code in codes)
            {
                Assert.Equal(200, (await api.VerifyAsync(door, code)).Status);
                Assert.Equal(403, (await api.VerifyAsync(door, code)).Status);
            }

            Assert.True((await api.AuditVerifyAsync()).GetProperty("valid").GetBoolean());
            Assert.DoesNotContain(codes[0], restarted.Printed, StringComparison.Ordinal);
        }
    }

    private static LatchApi Api(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", LatchHost.AdminKey);
        return new LatchApi(http);
    }
}
