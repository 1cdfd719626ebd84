using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Server.Tests.Hosting;

/// <summary>The store as raw text, read beside a running server, to prove what is (not) in it.</summary>
public static class RawStore
{
    /// <summary>SQLite: the database and WAL files' bytes; PostgreSQL: a COPY of the tables codes and deliveries touch.</summary>
    public static async Task<string> DumpAsync(StoreSetup store)
    {
        var text = new StringBuilder();
        if (store.Kind == "sqlite")
        {
            foreach (var file in Directory.GetFiles(store.DataFolder, "latch.db*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                text.Append(Encoding.Latin1.GetString(memory.ToArray()));
            }

            return text.ToString();
        }

        await using var connection = new NpgsqlConnection(store.PostgresConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "codes", "deliveries", "delivery_attempts", "audit" })
        {
            using var reader = await connection.BeginTextExportAsync($"COPY {table} TO STDOUT");
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    /// <summary>Runs one statement with an <c>@id</c> parameter beside the running server, as someone editing the store would.</summary>
    public static async Task ExecuteAsync(StoreSetup store, string sql, string id)
    {
        if (store.Kind == "sqlite")
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.SqlitePath, Pooling = false, DefaultTimeout = 30 }.ToString());
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@id", id);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var connection = new NpgsqlConnection(store.PostgresConnectionString);
        await connection.OpenAsync();
        await using var statement = new NpgsqlCommand(sql, connection);
        statement.Parameters.AddWithValue("id", id);
        await statement.ExecuteNonQueryAsync();
    }

    /// <summary>Whether the delivery row still holds its sealed code (payload, nonce and tag all present).</summary>
    public static async Task<bool> HasSealedPayloadAsync(StoreSetup store, string deliveryId)
    {
        const string Sql = "SELECT COUNT(*) FROM deliveries WHERE id = @id AND payload IS NOT NULL AND nonce IS NOT NULL AND payload_tag IS NOT NULL";
        if (store.Kind == "sqlite")
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = Sql;
            command.Parameters.AddWithValue("@id", deliveryId);
            return (long)(await command.ExecuteScalarAsync())! == 1;
        }

        await using var connection = new NpgsqlConnection(store.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(Sql, connection);
        query.Parameters.AddWithValue("id", deliveryId);
        return (long)(await query.ExecuteScalarAsync())! == 1;
    }
}
