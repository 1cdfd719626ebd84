using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage;
using Latch.Storage.Console;
using Latch.Storage.Directory;
using Npgsql;

namespace Latch.Browser.Tests;

/// <summary>
/// The console's store methods on both engines (migration 009 and the read models): the PostgreSQL case runs on the
/// server named by LATCH_TEST_POSTGRES, which scripts/test.sh starts.
/// </summary>
public sealed class ConsoleStoreTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_console_account_signs_in_once_per_time_step_and_the_read_models_answer(string engine)
    {
        var (store, cleanup) = await OpenAsync(engine);
        try
        {
            var account = new ConsoleAccountRecord
            {
                Id = PublicId.New(PublicId.ConsoleAccount),
                UserName = "ada",
                Role = "admin",
                PasswordHash = ConsolePassword.Hash("correct horse battery"),
                TotpSecret = [1, 2, 3],
                State = "pending",
                CreatedAt = 1000,
                CreatedBy = "test",
            };
            Assert.IsType<AddResult<ConsoleAccountRecord>.Added>(await store.AddConsoleAccountAsync(account, Audit("consoleAccount.created"), default));
            Assert.IsType<AddResult<ConsoleAccountRecord>.Conflict>(await store.AddConsoleAccountAsync(
                new ConsoleAccountRecord { Id = PublicId.New(PublicId.ConsoleAccount), UserName = "ada", Role = "admin", PasswordHash = "x", TotpSecret = [1], State = "pending", CreatedBy = "t" },
                Audit("consoleAccount.created"), default));
            Assert.Equal(0, await store.CountConsoleAccountsAsync(default)); // pending until the first code

            var found = (await store.FindConsoleAccountByNameAsync("ada", default))!;
            Assert.True(await store.AcceptConsoleSignInAsync(found.Pk, 100, null, 2000, Audit("console.signedIn"), default));
            Assert.False(await store.AcceptConsoleSignInAsync(found.Pk, 100, null, 2001, Audit("console.signedIn"), default));
            Assert.True(await store.AcceptConsoleSignInAsync(found.Pk, 101, "upgraded", 2002, Audit("console.signedIn"), default));
            var active = (await store.FindConsoleAccountAsync(account.Id, default))!;
            Assert.Equal(("active", 101L, "upgraded", 2002L), (active.State, active.LastStep, active.PasswordHash, active.LastSignInAt!.Value));
            Assert.Equal(1, await store.CountConsoleAccountsAsync(default));
            Assert.Single(await store.ListConsoleAccountsAsync(default));

            var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "alex", CreatedAt = 1 };
            await store.AddUserAsync(user, Audit("user.created"), default);
            Assert.Equal(user.Id, (await store.FindUserByNameAsync("alex", default))!.Id);
            var device = new DeviceRecord { Id = PublicId.New(PublicId.Device), Name = "laptop", OwnerId = user.Id, Compliant = false, CreatedAt = 1 };
            await store.AddDeviceAsync(device, Audit("device.created"), default);
            Assert.True(await store.SetDeviceComplianceAsync(device.Id, true, 3000, Audit("device.complianceSet"), default));
            Assert.False(await store.SetDeviceComplianceAsync(device.Id, true, 3001, Audit("device.complianceSet"), default));
            Assert.True((await store.ListDevicesAsync(10, default)).Single().Compliant);
            await store.AddGroupAsync(new GroupRecord { Id = PublicId.New(PublicId.Group), Name = "ops", CreatedAt = 1 }, Audit("group.created"), default);
            Assert.Single(await store.ListGroupsAsync(10, default));

            Assert.Empty(await store.ListCodesAsync(new CodeListQuery { Status = "pending", NowMs = 5000 }, default));
            Assert.Empty(await store.ListCodesAsync(new CodeListQuery { Status = null, NowMs = 5000 }, default));
            Assert.Equal(new CodeCounts(0, 0, 0, 0, 0), await store.CountCodesAsync(5000, default));
        }
        finally
        {
            await cleanup();
        }
    }

    private static AuditDraft Audit(string action) => new("test", action, "t", "{}");

    private static async Task<(ILatchStore Store, Func<Task> Cleanup)> OpenAsync(string engine)
    {
        if (engine == "sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "latch-browser-tests", Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(folder);
            var sqlite = LatchStores.Sqlite(Path.Combine(folder, "latch.db"), TimeProvider.System);
            await sqlite.MigrateAsync(default);
            return (sqlite, async () =>
            {
                await sqlite.DisposeAsync();
                Directory.Delete(folder, recursive: true);
            }
            );
        }

        var admin = Environment.GetEnvironmentVariable("LATCH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("LATCH_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        var database = "latch_ui_" + Guid.NewGuid().ToString("n");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var postgres = LatchStores.Postgres(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString(), TimeProvider.System);
        await postgres.MigrateAsync(default);
        return (postgres, async () =>
        {
            await postgres.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        );
    }
}
