using System.Threading.Channels;
using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite store (group commit). Writes queue up; the writer takes all that are waiting, runs
/// each inside a savepoint of one transaction, commits once, and only then completes the callers. A write that
/// fails rolls back to its savepoint alone. Single use stays exact because writes run one after another.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteAuditAppender _audit = new();
    private readonly SqliteSavepoint _savepoint;
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _savepoint = new SqliteSavepoint(connection);
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
        var succeeded = new List<SqliteWrite>(batch.Count);
        var tipBefore = _audit.Snapshot();
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var scope = new WriteScope(_connection, transaction, _audit, CancellationToken.None);
            foreach (var write in batch)
            {
                var tip = _audit.Snapshot();
                _savepoint.Save(transaction);
                try
                {
                    await write.RunAsync(scope);
                    _savepoint.Release(transaction);
                    succeeded.Add(write);
                }
#pragma warning disable CA1031 // The failure belongs to the caller of this one write; the batch goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _savepoint.RollBack(transaction);
                    _audit.Restore(tip);
                    write.Fail(e);
                }
            }

            transaction.Commit();
        }
#pragma warning disable CA1031 // A failed commit fails every write of the batch; the writer keeps serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _audit.Restore(tipBefore);
            foreach (var write in succeeded)
            {
                write.Fail(e);
            }

            return;
        }

        foreach (var write in succeeded)
        {
            write.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _savepoint.Dispose();
        _audit.Dispose();
    }
}
