using System.Text;
using Latch.Server.Keys;
using Latch.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Server.Tests.Codes;

public abstract class DurabilitySuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task An_issued_code_survives_a_restart_and_still_opens_only_once()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, code) = await Api.IssueAsync(user, door);
        var (_, used) = await Api.IssueAsync(user, door);
        Assert.Equal(200, (await Api.VerifyAsync(door, used)).Status);

        await RestartAsync();

        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        Assert.Equal("consumed", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));
        Assert.Equal("consumed", LatchApi.Reason((await Api.VerifyAsync(door, used)).Body));
        Assert.True((await Api.AuditVerifyAsync()).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Codes_issued_before_a_key_rotation_keep_verifying_and_new_ones_use_the_new_key()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (beforeId, before) = await Api.IssueAsync(user, door);

        await Host.StopAsync();
        Assert.Equal(2, KeyRingFile.Rotate(Store.DataFolder, Host.Clock));
        await Host.StartAgainAsync();
        Api = new LatchApi(Host.Client());

        var (afterId, after) = await Api.IssueAsync(user, door);
        Assert.Equal(1, (await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{beforeId}")).Body.GetProperty("keyId").GetInt32());
        Assert.Equal(2, (await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{afterId}")).Body.GetProperty("keyId").GetInt32());
        Assert.Equal(200, (await Api.VerifyAsync(door, before)).Status);
        Assert.Equal(200, (await Api.VerifyAsync(door, after)).Status);
    }

    [Fact]
    public void The_key_ring_file_is_readable_by_its_owner_only()
    {
        var mode = File.GetUnixFileMode(KeyRingFile.PathIn(Store.DataFolder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task A_second_process_cannot_open_the_same_sqlite_store_but_nodes_can_share_postgres()
    {
        if (StoreKind == "sqlite")
        {
            var refused = await Assert.ThrowsAsync<Latch.Storage.StoreInUseException>(() => LatchHost.StartAsync(Store));
            Assert.Contains("PostgreSQL", refused.Message, StringComparison.Ordinal);
            return;
        }

        await using var second = await LatchHost.StartAsync(Store);
        using var http = second.Client();
        Assert.Equal(200, (await new LatchApi(http).SendAsync(HttpMethod.Get, "/v1/users")).Status);
    }

    [Fact]
    public async Task No_plain_code_is_anywhere_in_the_raw_store()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var codes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            // Eight characters: a random six-digit run in unrelated bytes would be a false alarm.
            var (_, code) = await Api.IssueAsync(user, door, new { length = 8, alphabet = i % 2 == 0 ? "numeric" : "alphanumeric" });
            codes.Add(code);
        }

        await Api.VerifyAsync(door, codes[0]);
        await Api.VerifyAsync(door, "12345678");
        var raw = await RawStoreTextAsync();

        Assert.True(raw.Length > 1000, "the raw store dump is implausibly small");
        Assert.Contains(user, raw, StringComparison.Ordinal); // the scan does see the store's text
        Assert.All(codes, code => Assert.DoesNotContain(code, raw, StringComparison.Ordinal));
    }

    private async Task<string> RawStoreTextAsync()
    {
        if (StoreKind == "sqlite")
        {
            await Host.StopAsync(); // closes the connections; the WAL may still hold recent pages, so read both files
            SqliteConnection.ClearAllPools();
            var text = new StringBuilder();
            foreach (var file in Directory.GetFiles(Store.DataFolder, "latch.db*"))
            {
                text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
            }

            return text.ToString();
        }

        await using var connection = new NpgsqlConnection(Store.PostgresConnectionString);
        await connection.OpenAsync();
        var dump = new StringBuilder();
        foreach (var table in new[] { "codes", "audit", "users", "resources" })
        {
            using var reader = await connection.BeginTextExportAsync($"COPY {table} TO STDOUT");
            dump.Append(await reader.ReadToEndAsync());
        }

        return dump.ToString();
    }
}

public sealed class SqliteDurability() : DurabilitySuite("sqlite");

public sealed class PostgresDurability() : DurabilitySuite("postgres");
