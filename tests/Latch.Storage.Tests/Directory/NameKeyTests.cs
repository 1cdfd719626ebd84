using System.Data.Common;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Tests.Hosting;
using Latch.Storage.Console;
using Latch.Storage.Directory;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Storage.Tests.Directory;

/// <summary>
/// User names and console account names that differ only in case or character width (NFKC) are one name
/// (migrations 011 and 013).
/// </summary>
public sealed class NameKeyTests
{
    public static TheoryData<string, string> EnginesAndTables() => new()
    {
        { "sqlite", "users" }, { "postgres", "users" }, { "sqlite", "console_accounts" }, { "postgres", "console_accounts" },
    };

    [Theory]
    [MemberData(nameof(EnginesAndTables))]
    public async Task Names_that_differ_only_in_case_or_width_are_one_name(string engine, string table)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            var names = NameTable.Of(store, table);
            var alex = await names.AddAsync("alex");
            Assert.NotNull(alex);

            foreach (var lookAlike in new[] { "ALEX", "Alex", "ａｌｅｘ" })
            {
                Assert.Null(await names.AddAsync(lookAlike));
                Assert.Equal(alex, await names.FindAsync(lookAlike));
            }

            Assert.NotNull(await names.AddAsync("alexa"));
            Assert.Equal(2, await names.CountAsync());
        }
        finally
        {
            await cleanup();
        }
    }

    [Theory]
    [MemberData(nameof(EnginesAndTables))]
    public async Task Names_from_before_the_key_get_it_at_start_and_a_clash_stays_as_it_was(string engine, string table)
    {
        await using var setup = await StoreSetup.CreateAsync(engine);
        await using (var first = OpenedStore.Of(setup))
        {
            await first.MigrateAsync(default);
        }

        // As a store written before the key holds them: no key, and two names that are one name by it.
        var (alex, upper, zoe) = (PublicId.New("x"), PublicId.New("x"), PublicId.New("x"));
        await using (var raw = await RawAsync(setup))
        {
            foreach (var (id, name) in new[] { (alex, "alex"), (upper, "ALEX"), (zoe, "Zoe\u0308") })
            {
                await ExecuteAsync(raw, NameTable.RawInsert(engine, table, id, name));
            }
        }

        await using var store = OpenedStore.Of(setup);
        await store.MigrateAsync(default);
        var names = NameTable.Of(store, table);

        Assert.Null(await names.AddAsync("Alex"));
        Assert.Null(await names.AddAsync("zoë"));
        Assert.Equal(upper, await names.FindAsync("ALEX")); // the exact name first
        Assert.Equal(alex, await names.FindAsync("aLeX"));
        Assert.Equal(zoe, await names.FindAsync("ZOË"));
        Assert.Equal(3, await names.CountAsync());
        await using (var raw = await RawAsync(setup))
        {
            Assert.Equal(1L, await ScalarAsync(raw, $"SELECT COUNT(*) FROM {table} WHERE user_name_key IS NULL AND id = '{upper}'"));
            Assert.Equal(0L, await ScalarAsync(raw, $"SELECT COUNT(*) FROM {table} WHERE user_name_key IS NULL AND id <> '{upper}'"));
        }
    }

    /// <summary>Adding, finding and counting names in one of the two tables; an add answers the new id, or null on a clash.</summary>
    private sealed record NameTable(Func<string, Task<string?>> AddAsync, Func<string, Task<string?>> FindAsync, Func<Task<int>> CountAsync)
    {
        private static readonly AuditDraft Audit = new("test", "test.created", "t", "{}");

        public static NameTable Of(ILatchStore store, string table) => table == "users"
            ? new(
                async name => await store.AddUserAsync(new UserRecord { Id = PublicId.New(PublicId.User), UserName = name, CreatedAt = 1 }, Audit, default)
                    is AddResult<UserRecord>.Added added ? added.Row.Id : null,
                async name => (await store.FindUserByNameAsync(name, default))?.Id,
                async () => (await store.ListUsersAsync(10, default)).Count)
            : new(
                async name => await store.AddConsoleAccountAsync(Account(name), Audit, default) is AddResult<ConsoleAccountRecord>.Added added ? added.Row.Id : null,
                async name => (await store.FindConsoleAccountByNameAsync(name, default))?.Id,
                async () => (await store.ListConsoleAccountsAsync(default)).Count);

        /// <summary>A row as written before the key existed.</summary>
        public static string RawInsert(string engine, string table, string id, string name) => table == "users"
            ? $"INSERT INTO users (id, user_name, created_at) VALUES ('{id}', '{name}', 1)"
            : "INSERT INTO console_accounts (id, user_name, role, password_hash, totp_secret, state, created_at, created_by) " +
              $"VALUES ('{id}', '{name}', 'admin', 'x', {(engine == "sqlite" ? "X'01'" : "'\\x01'::bytea")}, 'pending', 1, 'test')";

        private static ConsoleAccountRecord Account(string name) => new()
        {
            Id = PublicId.New(PublicId.ConsoleAccount),
            UserName = name,
            Role = "admin",
            PasswordHash = "x",
            TotpSecret = [1],
            State = "pending",
            CreatedBy = "test",
        };
    }

    private static async Task<DbConnection> RawAsync(StoreSetup setup)
    {
        DbConnection connection = setup.Kind == "sqlite"
            ? new SqliteConnection($"Data Source={setup.SqlitePath};Pooling=False")
            : new NpgsqlConnection(setup.PostgresConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
