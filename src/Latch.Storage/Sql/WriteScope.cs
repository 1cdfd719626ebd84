using System.Data.Common;
using Dapper;
using Latch.Core.Audit;

namespace Latch.Storage.Sql;

/// <summary>One write's connection and transaction, and the audit log to append to inside it.</summary>
internal sealed class WriteScope(DbConnection connection, DbTransaction transaction, IAuditAppender audit, CancellationToken ct)
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task<int> ExecuteAsync(string sql, object? args = null) =>
        connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));

    public Task<T> ScalarAsync<T>(string sql, object? args = null) =>
        connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, args, transaction, cancellationToken: ct))!;

    public Task<T?> FirstOrDefaultAsync<T>(string sql, object? args = null) =>
        connection.QueryFirstOrDefaultAsync<T>(new CommandDefinition(sql, args, transaction, cancellationToken: ct));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null) =>
        connection.QueryAsync<T>(new CommandDefinition(sql, args, transaction, cancellationToken: ct));

    public Task AuditAsync(AuditDraft draft, long nowMs) => audit.AppendAsync(this, draft, nowMs, ct);
}
