using System.Data.Common;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Tests.Hosting;
using Latch.Storage.Directory;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Storage.Tests.Directory;

/// <summary>User names that differ only in case or character width (NFKC) are one name (migration 011).</summary>
public sealed class UserNameKeyTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Names_that_differ_only_in_case_or_width_are_one_name(string engine)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            var alex = Assert.IsType<AddResult<UserRecord>.Added>(await store.AddUserAsync(User("alex"), Audit(), default)).Row;

            foreach (var lookAlike in new[] { "ALEX", "Alex", "ａｌｅｘ" })
            {
                Assert.IsType<AddResult<UserRecord>.Conflict>(await store.AddUserAsync(User(lookAlike), Audit(), default));
                Assert.Equal(alex.Id, (await store.FindUserByNameAsync(lookAlike, default))?.Id);
            }

            Assert.IsType<AddResult<UserRecord>.Added>(await store.AddUserAsync(User("alexa"), Audit(), default));
            Assert.Equal(2, (await store.ListUsersAsync(10, default)).Count);
        }
        finally
        {
            await cleanup();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Users_from_before_the_key_get_it_at_start_and_a_clash_stays_as_it_was(string engine)
    {
        await using var setup = await StoreSetup.CreateAsync(engine);
        await using (var first = OpenedStore.Of(setup))
        {
            await first.MigrateAsync(default);
        }

        // As a store written before migration 011 holds them: no key, and two names that are one name by it.
        var (alex, upper, zoe) = (PublicId.New(PublicId.User), PublicId.New(PublicId.User), PublicId.New(PublicId.User));
        await using (var raw = await RawAsync(setup))
        {
            foreach (var (id, name) in new[] { (alex, "alex"), (upper, "ALEX"), (zoe, "Zoe\u0308") })
            {
                await ExecuteAsync(raw, $"INSERT INTO users (id, user_name, created_at) VALUES ('{id}', '{name}', 1)");
            }
        }

        await using var store = OpenedStore.Of(setup);
        await store.MigrateAsync(default);

        Assert.IsType<AddResult<UserRecord>.Conflict>(await store.AddUserAsync(User("Alex"), Audit(), default));
        Assert.IsType<AddResult<UserRecord>.Conflict>(await store.AddUserAsync(User("zoë"), Audit(), default));
        Assert.Equal(upper, (await store.FindUserByNameAsync("ALEX", default))?.Id); // the exact name first
        Assert.Equal(alex, (await store.FindUserByNameAsync("aLeX", default))?.Id);
        Assert.Equal(zoe, (await store.FindUserByNameAsync("ZOË", default))?.Id);
        Assert.Equal(3, (await store.ListUsersAsync(10, default)).Count);
        await using (var raw = await RawAsync(setup))
        {
            Assert.Equal(1L, await ScalarAsync(raw, $"SELECT COUNT(*) FROM users WHERE user_name_key IS NULL AND id = '{upper}'"));
            Assert.Equal(0L, await ScalarAsync(raw, $"SELECT COUNT(*) FROM users WHERE user_name_key IS NULL AND id <> '{upper}'"));
        }
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

    private static UserRecord User(string name) => new() { Id = PublicId.New(PublicId.User), UserName = name, CreatedAt = 1 };

    private static AuditDraft Audit() => new("test", "user.created", "t", "{}");
}
