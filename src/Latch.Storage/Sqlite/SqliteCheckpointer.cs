using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// Copies committed pages from the WAL into the database file on its own connection and thread, so the single
/// writer does not stop every thousand pages to copy them and sync the files while every caller waits. It runs a
/// passive checkpoint, which never blocks the writer, <see cref="Delay"/> after the first commit since the last one.
/// The writer keeps SQLite's automatic checkpoint at <see cref="WriterBackstopPages"/>: with the pages already copied
/// here, that one has little left to do, and it is what lets the WAL start over from the beginning under constant load.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    public const int WriterBackstopPages = 20000;

    // A checkpoint syncs the WAL, and the writer's next append to the page being written out waits for that write.
    // Frequent small syncs keep the wait short: on a 2-core VM the verify p99 was 50-100 ms with a checkpoint every
    // 2 s, 12-19 ms every 100 ms, a median of 6.6 ms at 20 ms and 5.5 ms at 5 ms; with no delay at all, every page
    // was copied more often and the server did more work per verification (docs/benchmarks.md).
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signalled;

    public SqliteCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();

        // Its own thread, not the thread pool's: a checkpoint blocks in fsync for milliseconds, and a pool worker held
        // that long is one of only a few that serve requests.
        new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" }.Start();
    }

    /// <summary>Called by the writer after each commit; only the first commit since the last checkpoint wakes it.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _committed.Release();
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _committed.Wait(_stop.Token);
                if (_stop.Token.WaitHandle.WaitOne(Delay))
                {
                    return;
                }

                Volatile.Write(ref _signalled, 0); // commits from here on ask for the next checkpoint
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _stopped.SetResult();
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
#pragma warning disable CA1031 // A failed checkpoint is tried again after the next commit; the writer's own checkpoint backs it up.
        catch (SqliteException)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stopped.Task;
        _stop.Dispose();
        _committed.Dispose();
        await _connection.DisposeAsync();
    }
}
