using System.Data.Common;
using Dapper;
using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>The embedded default store: one SQLite file in WAL mode; reads on pooled connections, writes through one writer.</summary>
internal sealed class SqliteLatchStore(string path, TimeProvider clock) : SqlLatchStore
{
    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY extended result codes.
    private const int UniqueConstraint = 2067;
    private const int PrimaryKeyConstraint = 1555;

    // SQLITE_MAX_MMAP_SIZE of the bundled library: address space, not memory (the pages are the kernel's file cache).
    private const long MemoryMapBytes = 0x7FFF0000;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private readonly SqliteConsumeCommand _consume = new();
    private SqliteProcessLock? _processLock;
    private SqliteConnection? _writerConnection;
    private SqliteWriter? _writer;
    private SqliteCheckpointer? _checkpointer;

    public override async Task MigrateAsync(CancellationToken ct)
    {
        _processLock = SqliteProcessLock.Acquire(path);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);

        // WAL lets readers run beside the writer; NORMAL syncs at checkpoints, which survives a process crash
        // (kill -9) — only a power loss can roll back the last commits.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");

        // A verification looks up a code at a random place in the tag index: memory-mapped reads keep those pages
        // close to the writer without a large page cache (SQLite walks the whole cache at every commit). The map may
        // cover the whole file, up to SQLite's ceiling: the file keeps growing with the audit log, and a page outside
        // the map that the kernel has dropped from its cache must be read from disk while every verification waits.
        // SQLite maps the file at its size at the time and extends the map when the writer's own checkpoint grows
        // the file, so the newest pages can lie past the map for a while (read into SQLite's small cache).
        // Temporary structures stay in memory. The writer checkpoints only as a backstop (see SqliteCheckpointer).
        await connection.ExecuteAsync($"PRAGMA temp_store = MEMORY; PRAGMA mmap_size = {MemoryMapBytes}; PRAGMA wal_autocheckpoint = {SqliteCheckpointer.WriterBackstopPages};");
        await connection.ExecuteAsync(MigrationScripts.CreateTable);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        foreach (var (version, name, sql) in MigrationScripts.For("sqlite").Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
            transaction.Commit();
        }

        using (var transaction = connection.BeginTransaction())
        {
            await FillNameKeysAsync(connection, transaction);
            transaction.Commit();
        }

        // The process lock makes this process the file's only user: a message a dead process left 'sending' is orphaned,
        // and is queued again now rather than when its lease runs out.
        await connection.ExecuteAsync(DeliverySql.RequeueOrphans);
        _writerConnection = connection;
        _checkpointer = new SqliteCheckpointer(_connectionString);
        _writer = new SqliteWriter(connection, _checkpointer);
    }

    protected override Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct) =>
        (_writer ?? throw new InvalidOperationException("The store is not migrated.")).EnqueueAsync(work);

    // Runs on the writer (inside WriteAsync), so the one prepared command is never used by two threads at once.
    protected override ValueTask<ConsumedRow?> ConsumeAsync(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk, long challengePk) =>
        ValueTask.FromResult(_consume.Run(scope, resourcePk, tag, nowMs, userPk, challengePk));

    protected override async Task<DbConnection> OpenReadAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: UniqueConstraint or PrimaryKeyConstraint };

    public override async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
        }

        _consume.Dispose();
        if (_writerConnection is not null)
        {
            await _writerConnection.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _processLock?.Dispose();
    }
}
