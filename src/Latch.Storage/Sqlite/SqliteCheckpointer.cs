using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// Copies committed pages from the WAL into the database file on its own connection and thread, so the single
/// writer does not stop every thousand pages to copy them and sync the file while every caller waits. It runs a
/// passive checkpoint, which never blocks the writer, shortly after writes. The writer keeps SQLite's automatic
/// checkpoint at <see cref="WriterBackstopPages"/>: with the pages already copied here, that one has little left to
/// do, and it is what lets the WAL start over from the beginning under constant load.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    public const int WriterBackstopPages = 20000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _written;

    public SqliteCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Called by the writer after each commit.</summary>
    public void Committed() => Volatile.Write(ref _written, 1);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Exchange(ref _written, 0) == 1)
                {
                    Checkpoint();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
#pragma warning disable CA1031 // A checkpoint that fails is retried after the next write; the writer's own checkpoint backs it up.
        catch (SqliteException)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _written, 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        await _connection.DisposeAsync();
    }
}
