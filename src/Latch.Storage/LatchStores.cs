using Latch.Storage.Postgres;
using Latch.Storage.Sqlite;

namespace Latch.Storage;

/// <summary>Creates the configured store. Call <see cref="ILatchStore.MigrateAsync"/> before use.</summary>
public static class LatchStores
{
    public static ILatchStore Sqlite(string path, TimeProvider clock) => new SqliteLatchStore(path, clock);

    public static ILatchStore Postgres(string connectionString, TimeProvider clock) => new PostgresLatchStore(connectionString, clock);
}
