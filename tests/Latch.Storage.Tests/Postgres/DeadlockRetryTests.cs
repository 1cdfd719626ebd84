using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Tests.Hosting;
using Latch.Storage.Directory;
using Npgsql;

namespace Latch.Storage.Tests.Postgres;

/// <summary>
/// PostgreSQL ends one of two transactions that wait on each other's locks. When it ends a store write, the write runs
/// again from the start instead of failing its caller.
/// </summary>
public sealed class DeadlockRetryTests
{
    [Fact]
    public async Task A_write_ended_to_break_a_deadlock_runs_again()
    {
        var (store, setup, cleanup) = await OpenedStore.OpenWithSetupAsync("postgres");
        try
        {
            var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "ada", CreatedAt = 1 };
            Assert.IsType<AddResult<UserRecord>.Added>(await store.AddUserAsync(user, Audit(), default));

            // Another session holds the audit tip; the write locks the user's row and then waits for the tip.
            await using var other = new NpgsqlConnection(setup.PostgresConnectionString);
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await ExecuteAsync(other, "UPDATE audit_head SET seq = seq WHERE id = 1");
            var write = store.SetUserRiskAsync(user.Id, "high", 2, Audit(), default);
            await Eventually.GetAsync(async () => await LockWaits.BesideAsync(other) == 1 ? "waiting" : null, "the write waiting for the audit tip");

            // The other session now waits for the user's row: a deadlock. The write waited first, so PostgreSQL ends it
            // (deadlock_timeout after its wait began); the other session gets the row, and the write, run again, waits
            // until the other commits.
            await ExecuteAsync(other, $"UPDATE users SET risk = risk WHERE id = '{user.Id}'");
            await transaction.CommitAsync();

            Assert.True(await write);
            Assert.Equal("high", (await store.FindUserAsync(user.Id, default))!.Risk);
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static AuditDraft Audit() => new("test", "user.updated", "t", "{}");
}
