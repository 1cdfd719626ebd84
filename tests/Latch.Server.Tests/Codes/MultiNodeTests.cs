using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Codes;

/// <summary>Two Latch nodes sharing one PostgreSQL database and one key ring (SQLite is single-node by design).</summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private StoreSetup _store = null!;
    private LatchHost _first = null!;
    private LatchHost _second = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreSetup.CreateAsync("postgres");
        _first = await LatchHost.StartAsync(_store);
        _second = await LatchHost.StartAsync(_store);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_code_cannot_be_used_twice_across_nodes()
    {
        using var firstHttp = _first.Client();
        using var secondHttp = _second.Client();
        var first = new LatchApi(firstHttp);
        var second = new LatchApi(secondHttp);
        var user = await first.CreateUserAsync("ada");
        var door = await first.CreateResourceAsync("Front door");

        for (var round = 0; round < 30; round++)
        {
            var (_, code) = await (round % 2 == 0 ? first : second).IssueAsync(user, door);
            var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => (i % 2 == 0 ? first : second).VerifyAsync(door, code)));

            Assert.Equal(1, results.Count(r => r.Status == 200));
        }

        var audit = await second.AuditVerifyAsync();
        Assert.True(audit.GetProperty("valid").GetBoolean());
        Assert.Equal(3 + (30 * 65), audit.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task A_policy_saved_on_one_node_is_enforced_by_the_other_at_its_next_request()
    {
        using var firstHttp = _first.Client();
        using var secondHttp = _second.Client();
        var first = new LatchApi(firstHttp);
        var second = new LatchApi(secondHttp);
        var user = await first.CreateUserAsync("ada");
        var app = await first.CreateResourceAsync("Payroll", "app");
        var evaluate = new { userId = user, resourceId = app };
        Assert.Equal("allow", (await second.SendAsync(HttpMethod.Post, "/v1/access/evaluate", evaluate)).Body.GetProperty("decision").GetString());

        var (status, _) = await first.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Block payroll",
            state = "enabled",
            users = new { include = new[] { user } },
            resources = new { include = new[] { app } },
            grant = new { block = true },
        });

        Assert.Equal(201, status);
        Assert.Equal("block", (await second.SendAsync(HttpMethod.Post, "/v1/access/evaluate", evaluate)).Body.GetProperty("decision").GetString());
    }
}
