using Npgsql;

namespace Latch.Storage.Tests.Postgres;

/// <summary>How many sessions of the test's database wait on a lock, apart from <paramref name="other"/>'s own.</summary>
internal static class LockWaits
{
    public static async Task<long> BesideAsync(NpgsqlConnection other)
    {
        await using var probe = new NpgsqlConnection(other.ConnectionString);
        await probe.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> @pid", probe);
        command.Parameters.AddWithValue("pid", other.ProcessID);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
