using Latch.Core.Audit;
using Latch.Server.Tests.Hosting;
using Latch.Storage;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Tests.Sqlite;

public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task Committed_pages_reach_the_database_file_while_the_store_runs()
    {
        await using var setup = await StoreSetup.CreateAsync("sqlite");
        var store = LatchStores.Sqlite(setup.SqlitePath, TimeProvider.System);
        try
        {
            await store.MigrateAsync(default);
            for (var i = 0; i < 200; i++)
            {
                await store.AppendAuditAsync(new AuditDraft("test", "test.event", $"t{i}", $"{{\"n\":{i}}}"), 1_700_000_000_000 + i, default);
            }

            // The writer checkpoints itself only at 20,000 pages; these few hundred writes reach latch.db only
            // through the background checkpoint.
            await Eventually.GetAsync(() => AllPagesInFile(setup.SqlitePath) ? "copied" : null, "the WAL to be copied into latch.db");
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    // page_count is the database's size as of the last commit, WAL included; the file holds that many pages only
    // once a checkpoint has copied them there.
    private static bool AllPagesInFile(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return new FileInfo(path).Length >= (long)command.ExecuteScalar()!;
    }
}
