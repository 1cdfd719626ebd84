using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.PolicyAdmin;

/// <summary>Impact replay against a seeded sign-in log, checked against counts worked out by hand.</summary>
public abstract class ImpactReplaySuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Replaying_drafts_counts_exactly_the_decisions_that_would_change_and_for_whom()
    {
        var ada = await Api.CreateUserAsync("ada");
        var bob = await Api.CreateUserAsync("bob");
        var cy = await Api.CreateUserAsync("cy");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        await Api.SendAsync(HttpMethod.Post, "/v1/locations", new { name = "HQ", cidrs = new[] { "10.0.0.0/8" }, trusted = true });

        // The log, with no policies yet (every decision recorded as allow), inside [from, to):
        // ada: 3 from HQ, 2 from outside; bob: 4 from outside; cy: 1 from outside.
        var from = Host.Clock.GetUtcNow();
        await EvaluateTimesAsync(ada, app, "10.0.0.5", 3);
        await EvaluateTimesAsync(ada, app, "203.0.113.7", 2);
        await EvaluateTimesAsync(bob, app, "203.0.113.8", 4);
        await EvaluateTimesAsync(cy, app, "203.0.113.9", 1);
        var to = Host.Clock.GetUtcNow();
        await EvaluateTimesAsync(bob, app, "203.0.113.8", 1); // at `to`: outside the range

        // Drafts: a code outside trusted locations for everyone but cy, and a block for bob (block wins).
        // By hand: ada's 2 outside sign-ins allow → challenge; bob's 4 allow → block; the other 4 unchanged.
        var (status, impact) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/impact", new
        {
            from,
            to,
            policies = new object[]
            {
                new
                {
                    name = "Code outside HQ",
                    state = "enabled",
                    users = new { include = new[] { "all" }, exclude = new[] { cy } },
                    resources = new { include = new[] { "all" } },
                    conditions = new { locations = new { include = new[] { "any" }, exclude = new[] { "trusted" } } },
                    grant = new { requirements = new[] { "requireCode" } },
                },
                new
                {
                    name = "Block bob",
                    state = "enabled",
                    users = new { include = new[] { bob } },
                    resources = new { include = new[] { app } },
                    grant = new { block = true },
                },
            },
        });

        Assert.True(status == 200, impact.ToString());
        Assert.Equal(10, impact.GetProperty("evaluated").GetInt32());
        Assert.Equal(6, impact.GetProperty("changed").GetInt32());
        Assert.Equal(["allow→block:4", "allow→challenge:2"], Transitions(impact.GetProperty("transitions")));
        var users = impact.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal([bob, ada], users.Select(u => u.GetProperty("userId").GetString()));
        Assert.Equal([4, 2], users.Select(u => u.GetProperty("changed").GetInt32()));
        Assert.Equal(6, impact.GetProperty("samples").GetArrayLength());

        // A report-only draft changes nothing that is enforced.
        (_, impact) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/impact", new
        {
            from,
            to,
            policies = new object[]
            {
                new
                {
                    name = "Trial block",
                    state = "reportOnly",
                    users = new { include = new[] { "all" } },
                    resources = new { include = new[] { "all" } },
                    grant = new { block = true },
                },
            },
        });
        Assert.Equal(10, impact.GetProperty("evaluated").GetInt32());
        Assert.Equal(0, impact.GetProperty("changed").GetInt32());
    }

    [Fact]
    public async Task Impact_needs_drafts_and_an_ordered_range()
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/impact",
            new { from = Host.Clock.GetUtcNow(), to = Host.Clock.GetUtcNow().AddHours(-1) });
        Assert.Equal(400, status);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("policies", fields);
        Assert.Contains("to", fields);
    }

    private async Task EvaluateTimesAsync(string user, string resource, string ip, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = user, resourceId = resource, context = new { ip } });
            Assert.True(status == 200, body.ToString());
            Host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static string[] Transitions(JsonElement list) =>
        [.. list.EnumerateArray().Select(t => $"{t.GetProperty("from").GetString()}→{t.GetProperty("to").GetString()}:{t.GetProperty("count").GetInt32()}")];
}

public sealed class SqliteImpactReplay() : ImpactReplaySuite("sqlite");

public sealed class PostgresImpactReplay() : ImpactReplaySuite("postgres");
