using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Codes;

public abstract class ConcurrencySuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Sixty_four_parallel_verifications_of_one_code_grant_exactly_once_a_hundred_times_over()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        using var gate = new SemaphoreSlim(0);

        for (var round = 0; round < 100; round++)
        {
            var (_, code) = await Api.IssueAsync(user, door);
            var attempts = Enumerable.Range(0, 64).Select(async _ =>
            {
                await gate.WaitAsync();
                return await Api.VerifyAsync(door, code);
            }).ToList();
            gate.Release(64);
            var results = await Task.WhenAll(attempts);

            Assert.Equal(1, results.Count(r => r.Status == 200));
            Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("consumed", LatchApi.Reason(r.Body)));
        }
    }

    [Fact]
    public async Task A_code_with_three_uses_grants_exactly_three_times_under_contention()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { maxUses = 3 });

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Api.VerifyAsync(door, code)));

        Assert.Equal(3, results.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task A_write_that_fails_among_concurrent_writes_fails_alone()
    {
        var names = Enumerable.Range(0, 40).Select(i => i == 39 ? "user-7" : $"user-{i}").ToList();

        var results = await Task.WhenAll(names.Select(name => Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = name })));

        Assert.Equal(39, results.Count(r => r.Status == 201));
        Assert.Equal(409, Assert.Single(results, r => r.Status != 201).Status);
        var audit = await Api.AuditVerifyAsync();
        Assert.True(audit.GetProperty("valid").GetBoolean());
        Assert.Equal(1 + 39, audit.GetProperty("entries").GetInt64());
    }
}

public sealed class SqliteConcurrency() : ConcurrencySuite("sqlite");

public sealed class PostgresConcurrency() : ConcurrencySuite("postgres");
