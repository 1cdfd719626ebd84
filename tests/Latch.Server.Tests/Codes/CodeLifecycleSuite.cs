using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Codes;

public abstract class CodeLifecycleSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task A_code_opens_once_and_then_reads_consumed()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (id, code) = await Api.IssueAsync(user, door);
        Assert.Matches("^[0-9]{6}$", code);

        var (status, body) = await Api.VerifyAsync(door, code);
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("granted").GetBoolean());
        Assert.Equal(user, body.GetProperty("userId").GetString());
        Assert.Equal(id, body.GetProperty("codeId").GetString());

        (status, body) = await Api.VerifyAsync(door, code);
        Assert.Equal(403, status);
        Assert.Equal("consumed", LatchApi.Reason(body));
    }

    [Fact]
    public async Task A_code_is_bound_to_its_resource()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var other = await Api.CreateResourceAsync("Back door");
        var (_, code) = await Api.IssueAsync(user, door);

        var (status, body) = await Api.VerifyAsync(other, code);
        Assert.Equal(403, status);
        Assert.Equal("invalid", LatchApi.Reason(body));
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
    }

    [Fact]
    public async Task A_code_expires_after_its_ttl_and_waits_for_its_window()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, shortLived) = await Api.IssueAsync(user, door, new { ttlSeconds = 60 });
        var start = Host.Clock.GetUtcNow().AddMinutes(10);
        var (_, later) = await Api.IssueAsync(user, door, new { notBefore = start, notAfter = start.AddMinutes(5) });

        Assert.Equal("notYetValid", LatchApi.Reason((await Api.VerifyAsync(door, later)).Body));
        Host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("expired", LatchApi.Reason((await Api.VerifyAsync(door, shortLived)).Body));
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(200, (await Api.VerifyAsync(door, later)).Status);
    }

    [Fact]
    public async Task The_default_window_is_300_seconds_and_its_end_is_exclusive()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, first) = await Api.IssueAsync(user, door);
        var (_, second) = await Api.IssueAsync(user, door);

        Host.Clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(200, (await Api.VerifyAsync(door, first)).Status);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("expired", LatchApi.Reason((await Api.VerifyAsync(door, second)).Body));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_ttl_out_of_range_is_the_one_error_named(int ttlSeconds)
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, ttlSeconds });

        Assert.Equal(400, status);
        Assert.Equal(["ttlSeconds"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_code_with_several_uses_opens_that_many_times()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { maxUses = 3 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        }

        Assert.Equal("consumed", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));
    }

    [Fact]
    public async Task A_code_reports_its_last_use_only_once_it_was_used()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (id, code) = await Api.IssueAsync(user, door, new { maxUses = 2 });

        Host.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Null(await LastUseAsync(id));
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        var firstUse = Host.Clock.GetUtcNow();
        Assert.Equal(firstUse, await LastUseAsync(id));

        Host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        Assert.Equal(firstUse.AddSeconds(5), await LastUseAsync(id));
    }

    private async Task<DateTimeOffset?> LastUseAsync(string codeId)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}");
        Assert.Equal(200, status);
        return body.TryGetProperty("lastUsedAt", out var used) && used.ValueKind != JsonValueKind.Null
            ? used.GetDateTimeOffset()
            : null;
    }

    [Fact]
    public async Task A_failed_attempt_by_the_named_user_kills_their_code_after_max_attempts()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door);
        var wrong = code == "000000" ? "000001" : "000000";

        Assert.Equal("invalid", LatchApi.Reason((await Api.VerifyAsync(door, wrong, userId: user)).Body));
        Assert.Equal("revoked", LatchApi.Reason((await Api.VerifyAsync(door, code, userId: user)).Body));
    }

    [Fact]
    public async Task Max_attempts_above_one_allows_that_many_failures()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { maxAttempts = 3 });
        var wrong = code == "000000" ? "000001" : "000000";

        await Api.VerifyAsync(door, wrong, userId: user);
        await Api.VerifyAsync(door, wrong, userId: user);
        Assert.Equal(200, (await Api.VerifyAsync(door, code, userId: user)).Status);
    }

    [Fact]
    public async Task A_code_typed_for_another_user_does_not_open()
    {
        var ada = await Api.CreateUserAsync("ada");
        var bob = await Api.CreateUserAsync("bob");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(ada, door);

        Assert.Equal("invalid", LatchApi.Reason((await Api.VerifyAsync(door, code, userId: bob)).Body));
        Assert.Equal(200, (await Api.VerifyAsync(door, code, userId: ada)).Status);
    }

    [Fact]
    public async Task Revocation_ends_one_code_all_of_a_user_or_all_at_a_resource()
    {
        var ada = await Api.CreateUserAsync("ada");
        var bob = await Api.CreateUserAsync("bob");
        var door = await Api.CreateResourceAsync("Front door");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        var (oneId, one) = await Api.IssueAsync(ada, door);
        var (_, adaDoor) = await Api.IssueAsync(ada, door);
        var (_, adaApp) = await Api.IssueAsync(ada, app);
        var (_, bobApp) = await Api.IssueAsync(bob, app);
        var (_, bobDoor) = await Api.IssueAsync(bob, door);

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/codes/{oneId}")).Status);
        Assert.Equal("revoked", LatchApi.Reason((await Api.VerifyAsync(door, one)).Body));

        var (status, body) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{ada}/codes/revoke");
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("revoked").GetInt32());
        Assert.Equal("revoked", LatchApi.Reason((await Api.VerifyAsync(door, adaDoor)).Body));
        Assert.Equal("revoked", LatchApi.Reason((await Api.VerifyAsync(app, adaApp)).Body));

        (status, body) = await Api.SendAsync(HttpMethod.Post, $"/v1/resources/{app}/codes/revoke");
        Assert.Equal(1, body.GetProperty("revoked").GetInt32());
        Assert.Equal("revoked", LatchApi.Reason((await Api.VerifyAsync(app, bobApp)).Body));
        Assert.Equal(200, (await Api.VerifyAsync(door, bobDoor)).Status);
    }

    [Fact]
    public async Task A_code_can_be_read_back_as_metadata_but_never_as_the_code()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (id, code) = await Api.IssueAsync(user, door);

        var (status, body) = await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{id}");
        Assert.Equal(200, status);
        Assert.Equal("active", body.GetProperty("state").GetString());
        Assert.DoesNotContain(code, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alphanumeric_codes_avoid_look_alikes_and_verify_case_insensitively()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door, new { alphabet = "alphanumeric", length = 8 });

        Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$", code);
        Assert.Equal(200, (await Api.VerifyAsync(door, code.ToLowerInvariant()[..4] + "-" + code[4..])).Status);
    }

    [Fact]
    public async Task An_outbox_delivery_returns_no_code_and_the_queue_writes_it_to_the_outbox()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, deliver = new { method = "outbox" } });
        Assert.Equal(201, status);
        Assert.False(body.TryGetProperty("code", out _));
        var delivery = body.GetProperty("delivery");
        Assert.StartsWith("dlv_", delivery.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("outbox", delivery.GetProperty("method").GetString());
        Assert.Equal("queued", delivery.GetProperty("state").GetString());

        var code = await OutboxFile.WaitForCodeAsync(Store.DataFolder, body.GetProperty("id").GetString()!);
        Assert.Single(OutboxFile.Read(Store.DataFolder));
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
    }

    [Fact]
    public async Task Logs_never_contain_a_plain_code_or_key()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, code) = await Api.IssueAsync(user, door, new { length = 8 });
            codes.Add(code);
            await Api.VerifyAsync(door, code);
            await Api.VerifyAsync(door, code);
        }

        var logs = string.Join("\n", Host.Logs.Lines);
        Assert.NotEmpty(Host.Logs.Lines);
        Assert.All(codes, code => Assert.DoesNotContain(code, logs, StringComparison.Ordinal));
        Assert.DoesNotContain(LatchHost.AdminKey, logs, StringComparison.Ordinal);
    }
}

public sealed class SqliteCodeLifecycle() : CodeLifecycleSuite("sqlite");

public sealed class PostgresCodeLifecycle() : CodeLifecycleSuite("postgres");
