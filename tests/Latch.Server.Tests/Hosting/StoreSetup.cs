using Npgsql;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// A fresh, empty store for one test: a SQLite file in a new folder, or a new PostgreSQL database on the server
/// named by LATCH_TEST_POSTGRES (scripts/test.sh starts one and sets it).
/// </summary>
public sealed class StoreSetup : IAsyncDisposable
{
    private StoreSetup(string kind, string dataFolder, string? postgres, string? database)
    {
        Kind = kind;
        DataFolder = dataFolder;
        PostgresConnectionString = postgres;
        Database = database;
    }

    public string Kind { get; }
    public string DataFolder { get; }
    public string? PostgresConnectionString { get; }
    private string? Database { get; }

    public string SqlitePath => Path.Combine(DataFolder, "latch.db");

    public static async Task<StoreSetup> CreateAsync(string kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "latch-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        if (kind == "sqlite")
        {
            return new StoreSetup(kind, folder, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("LATCH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("LATCH_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        var database = "latch_" + Guid.NewGuid().ToString("n");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        return new StoreSetup(kind, folder, builder.ToString(), database);
    }

    public Dictionary<string, string?> Configuration() => new()
    {
        ["Latch:Data"] = DataFolder,
        ["Latch:Store"] = Kind,
        ["ConnectionStrings:Postgres"] = PostgresConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("LATCH_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the test's verdict does not depend on it.
        }
    }
}
