using System.Data.Common;
using Dapper;
using Latch.Storage.Sql;
using Npgsql;

namespace Latch.Storage.Postgres;

/// <summary>The scale-out store: any number of Latch nodes share one PostgreSQL database.</summary>
internal sealed class PostgresLatchStore(string connectionString, TimeProvider clock) : SqlLatchStore
{
    // Serializes migrations when several nodes start at once (an arbitrary, fixed advisory lock key).
    private const long MigrationLockKey = 0x4c61746368;

    // Serializes writes of policies and named locations (LockPolicyEpochAsync); another arbitrary, fixed key.
    private const long PolicyEpochLockKey = 0x4c61746365;

    // How often a write chosen to end a deadlock runs again before its caller gets the error.
    private const int MaxWriteAttempts = 5;

    private readonly NpgsqlDataSource _dataSource = new NpgsqlDataSourceBuilder(WithAutoPrepare(connectionString)).Build();

    public override async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@MigrationLockKey)", new { MigrationLockKey }, transaction);
        await connection.ExecuteAsync(MigrationScripts.CreateTable, transaction: transaction);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet();
        foreach (var (version, name, sql) in MigrationScripts.For("postgres").Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
        }

        await FillNameKeysAsync(connection, transaction);
        await transaction.CommitAsync(ct);
    }

    // PostgreSQL ends one of two transactions that wait on each other's locks (writes take them in one order, the
    // audit tip last, but two writes of many rows can still cross). Write work touches nothing but the store, so the
    // transaction chosen runs again from the start, as a failed SQLite batch does.
    protected override async Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                && attempt < MaxWriteAttempts)
            {
            }
        }
    }

    private async Task<T> WriteOnceAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(new WriteScope(connection, transaction, PostgresAuditAppender.Instance, ct));
        await transaction.CommitAsync(ct);
        return result;
    }

    protected override Task LockPolicyEpochAsync(WriteScope scope) =>
        scope.ExecuteAsync("SELECT pg_advisory_xact_lock(@PolicyEpochLockKey)", new { PolicyEpochLockKey });

    // Nodes sharing the queue each take due messages nobody else holds, without waiting on each other's locks.
    protected override string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    protected override string MethodFilter => "method = ANY(@methods)";

    // Concurrent revocations of admin keys take these locks in the same order, one after another.
    protected override string AdminKeyLockClause => "FOR UPDATE";

    protected override async Task<DbConnection> OpenReadAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // Prepared statements save a parse and plan per call on the hot verify path.
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ToString();
    }
}
