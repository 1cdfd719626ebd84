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
}
