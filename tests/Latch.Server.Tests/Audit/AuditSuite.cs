using Latch.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Server.Tests.Audit;

public abstract class AuditSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Every_issuance_verification_and_revocation_is_audited_without_the_code()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (id, code) = await Api.IssueAsync(user, door, new { length = 8 });
        await Api.VerifyAsync(door, code);
        await Api.VerifyAsync(door, code);
        var (revokedId, _) = await Api.IssueAsync(user, door, new { length = 8 });
        await Api.SendAsync(HttpMethod.Delete, $"/v1/codes/{revokedId}");

        var (status, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.Equal(200, status);
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        var actions = entries.Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["apiKey.created", "user.created", "resource.created", "code.issued", "code.verified", "code.verified", "code.issued", "code.revoked"], actions);
        var verifications = entries.Where(e => e.GetProperty("action").GetString() == "code.verified").Select(e => e.GetProperty("data")).ToList();
        Assert.True(verifications[0].GetProperty("granted").GetBoolean());
        Assert.Equal("consumed", verifications[1].GetProperty("reason").GetString());
        Assert.Equal(id, verifications[0].GetProperty("codeId").GetString());
        Assert.DoesNotContain(code, page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_pages_oldest_first_or_newest_first_and_each_cursor_belongs_to_its_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await Api.CreateUserAsync($"user{i}");
        }

        async Task<(List<long> Seqs, long? Next)> PageAsync(string query)
        {
            var (status, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?" + query);
            Assert.Equal(200, status);
            var next = page.TryGetProperty("next", out var n) ? n.GetInt64() : (long?)null; // left out on the last page
            return ([.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64())], next);
        }

        var (all, _) = await PageAsync("limit=1000"); // the bootstrap key, then five users
        var (newest, cursor) = await PageAsync("order=newest&limit=4");
        var (rest, end) = await PageAsync($"order=newest&before={cursor}&limit=4");

        Assert.Equal(6, all.Count);
        Assert.Equal(all.AsEnumerable().Reverse(), newest.Concat(rest));
        Assert.Equal(newest[^1], cursor);
        Assert.Null(end);

        foreach (var (query, field) in new[] { ("order=newest&after=1", "after"), ("before=5", "before"), ("order=latest", "order") })
        {
            var (status, problem) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?" + query);
            Assert.Equal(400, status);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    [Fact]
    public async Task An_intact_chain_verifies()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        await Api.IssueAsync(user, door);

        var result = await Api.AuditVerifyAsync();

        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Equal(4, result.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task The_store_refuses_to_change_an_audit_entry()
    {
        await Api.CreateUserAsync("ada");

        var refused = await Record.ExceptionAsync(() => ExecuteAsync("UPDATE audit SET actor = 'mallory' WHERE seq = 2"));

        Assert.NotNull(refused);
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_one_audit_row_in_the_store_names_that_entry()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        await Api.IssueAsync(user, door);
        await Api.IssueAsync(user, door);

        // An attacker with database access can lift the guard; the chain still tells.
        var lift = StoreKind == "sqlite" ? "DROP TRIGGER audit_no_update" : "ALTER TABLE audit DISABLE TRIGGER audit_no_change";
        await ExecuteAsync(lift + "; UPDATE audit SET data = '{\"userName\":\"mallory\"}' WHERE seq = 2");

        var result = await Api.AuditVerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(2, result.GetProperty("firstBadEntry").GetInt64());
    }

    [Fact]
    public async Task Deleting_an_audit_row_is_detected_at_the_gap()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        await Api.IssueAsync(user, door);

        var lift = StoreKind == "sqlite" ? "DROP TRIGGER audit_no_delete" : "ALTER TABLE audit DISABLE TRIGGER audit_no_change";
        await ExecuteAsync(lift + "; DELETE FROM audit WHERE seq = 3");

        var result = await Api.AuditVerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(4, result.GetProperty("firstBadEntry").GetInt64());
    }

    private async Task ExecuteAsync(string sql)
    {
        if (StoreKind == "sqlite")
        {
            await using var sqlite = new SqliteConnection($"Data Source={Store.SqlitePath};Pooling=false");
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var postgres = new NpgsqlConnection(Store.PostgresConnectionString);
        await postgres.OpenAsync();
        await using var pgCommand = new NpgsqlCommand(sql, postgres);
        await pgCommand.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteAudit() : AuditSuite("sqlite");

public sealed class PostgresAudit() : AuditSuite("postgres");
