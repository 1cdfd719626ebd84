using System.Threading.Channels;
using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite store (group commit). Writes queue up; the writer takes all that are waiting, runs
/// them in one transaction, commits once, and only then completes the callers. If any write fails, the batch is
/// rolled back and each write runs again in its own transaction, so a failure reaches only its own caller (write
/// work touches nothing but the store, so running it again is safe). Single use stays exact because writes run
/// one after another.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly SqliteAuditAppender _audit = new();
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection, SqliteCheckpointer checkpointer)
    {
        _connection = connection;
        _checkpointer = checkpointer;
        _audit.Load(connection);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task<T> EnqueueAsync<T>(Func<WriteScope, Task<T>> work)
    {
        var write = new SqliteWrite<T>(work);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The store is shutting down.");
        }

        return write.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<SqliteWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await RunBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task RunBatchAsync(List<SqliteWrite> batch)
    {
        if (batch.Count > 1 && await TryRunTogetherAsync(batch))
        {
            return;
        }

        // Something in the batch failed: run each write alone, so a failure fails only its own caller.
        foreach (var write in batch)
        {
            await RunAloneAsync(write);
        }
    }

    /// <summary>All writes in one transaction; on any failure nothing is kept and false is returned.</summary>
    private async Task<bool> TryRunTogetherAsync(List<SqliteWrite> batch)
    {
        var tip = _audit.Snapshot();
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var scope = new WriteScope(_connection, transaction, _audit, CancellationToken.None);
            foreach (var write in batch)
            {
                await write.RunAsync(scope);
            }

            transaction.Commit();
            _checkpointer.Committed();
        }
#pragma warning disable CA1031 // Any failure sends the batch down the one-by-one path, which reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
            _audit.Restore(tip);
            return false;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }

        return true;
    }

    private async Task RunAloneAsync(SqliteWrite write)
    {
        var tip = _audit.Snapshot();
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            await write.RunAsync(new WriteScope(_connection, transaction, _audit, CancellationToken.None));
            transaction.Commit();
            _checkpointer.Committed();
        }
#pragma warning disable CA1031 // The failure belongs to the caller of this one write; the writer keeps serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _audit.Restore(tip);
            write.Fail(e);
            return;
        }

        write.Complete();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _audit.Dispose();
    }
}
