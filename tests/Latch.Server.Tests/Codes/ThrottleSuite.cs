using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Codes;

public abstract class ThrottleSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Repeated_guesses_from_one_ip_are_throttled_with_backoff_then_released()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { ttlSeconds = 3600 });
        var wrong = code == "000000" ? "000001" : "000000";

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("invalid", LatchApi.Reason((await Api.VerifyAsync(door, wrong, ip: "203.0.113.9")).Body));
        }

        var (status, body) = await Api.VerifyAsync(door, code, ip: "203.0.113.9");
        Assert.Equal(403, status);
        Assert.Equal("throttled", LatchApi.Reason(body));
        Assert.True(body.GetProperty("retryAfterSeconds").GetInt32() >= 1);

        Host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(200, (await Api.VerifyAsync(door, code, ip: "203.0.113.9")).Status);
    }

    [Fact]
    public async Task Guessing_from_many_ips_is_locked_at_the_resource_after_100_consecutive_failures()
    {
        var door = await Api.CreateResourceAsync("Front door");
        var answers = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            var guess = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            answers.Add(LatchApi.Reason((await Api.VerifyAsync(door, guess, ip: $"198.51.100.{i % 250}")).Body));
            Host.Clock.Advance(TimeSpan.FromMinutes(2)); // longer than any backoff below the hard limit
        }

        Assert.All(answers.Take(100), a => Assert.Equal("invalid", a));
        Assert.Equal("throttled", answers[100]);

        // Past the limit: one answered guess per 15-minute lockout (60 minutes here), the rest refused unseen.
        Assert.InRange(answers.Skip(100).Count(a => a == "invalid"), 1, 4);
        var audit = (await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000")).Body.GetProperty("entries").EnumerateArray();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "throttle.engaged");
    }

    [Fact]
    public async Task A_success_at_the_resource_resets_its_failure_count()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 19; i++)
            {
                var (_, body) = await Api.VerifyAsync(door, "9" + (10000 + i), ip: $"192.0.2.{(round * 19) + i}");
                Assert.Equal("invalid", LatchApi.Reason(body));
            }

            var (_, code) = await Api.IssueAsync(user, door);
            Assert.Equal(200, (await Api.VerifyAsync(door, code, ip: "192.0.2.200")).Status);
        }
    }

    [Fact]
    public async Task Later_uses_of_a_code_of_many_uses_do_not_forgive_guesses_between_them()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { maxUses = 100, ttlSeconds = 3600 });
        var guesses = Enumerable.Range(100000, 20).Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(g => g != code).Take(12).ToList();

        var answers = new List<string>();
        foreach (var batch in guesses.Chunk(4))
        {
            foreach (var guess in batch)
            {
                answers.Add(LatchApi.Reason((await Api.VerifyAsync(door, guess, ip: "203.0.113.7")).Body));
            }

            var (status, body) = await Api.VerifyAsync(door, code, ip: "203.0.113.7");
            answers.Add(status == 200 ? "granted" : LatchApi.Reason(body));
        }

        // The first use forgave the first four guesses; the next use forgave nothing, so the fifth guess after it
        // started a block.
        Assert.Equal(["invalid", "invalid", "invalid", "invalid", "granted", "invalid", "invalid", "invalid", "invalid", "granted", "invalid"],
            answers.Take(11));
        Assert.Contains("throttled", answers.Skip(11));
    }
}

public sealed class SqliteThrottle() : ThrottleSuite("sqlite");

public sealed class PostgresThrottle() : ThrottleSuite("postgres");
