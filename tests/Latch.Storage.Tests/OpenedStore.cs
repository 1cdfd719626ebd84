using Latch.Server.Tests.Hosting;

namespace Latch.Storage.Tests;

/// <summary>
/// A migrated store of either engine for store-level tests: the PostgreSQL case runs on the server named by
/// LATCH_TEST_POSTGRES, which scripts/test.sh starts.
/// </summary>
internal static class OpenedStore
{
    /// <summary>The store on <paramref name="setup"/>'s engine, not yet migrated.</summary>
    public static ILatchStore Of(StoreSetup setup) => setup.Kind == "sqlite"
        ? LatchStores.Sqlite(setup.SqlitePath, TimeProvider.System)
        : LatchStores.Postgres(setup.PostgresConnectionString!, TimeProvider.System);

    public static async Task<(ILatchStore Store, Func<Task> Cleanup)> OpenAsync(string engine)
    {
        var (store, _, cleanup) = await OpenWithSetupAsync(engine);
        return (store, cleanup);
    }

    /// <summary>The same, with the setup, for a test that also reaches the database beside the store.</summary>
    public static async Task<(ILatchStore Store, StoreSetup Setup, Func<Task> Cleanup)> OpenWithSetupAsync(string engine)
    {
        var setup = await StoreSetup.CreateAsync(engine);
        var store = Of(setup);
        await store.MigrateAsync(default);
        return (store, setup, async () =>
        {
            await store.DisposeAsync();
            await setup.DisposeAsync();
        }
        );
    }
}
