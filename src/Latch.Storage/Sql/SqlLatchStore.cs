using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Latch.Core.Audit;

namespace Latch.Storage.Sql;

/// <summary>
/// The store logic both engines share: the SQL is written once in the subset SQLite and PostgreSQL agree on
/// (RETURNING, partial indexes, named parameters). Each engine supplies how a write runs (SQLite: one writer
/// with group commit; PostgreSQL: a transaction per write) and how the audit tip is held.
/// </summary>
internal abstract partial class SqlLatchStore : ILatchStore
{
    static SqlLatchStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>Runs <paramref name="work"/> in a transaction; its effects commit together or not at all.</summary>
    protected abstract Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct);

    protected abstract Task<DbConnection> OpenReadAsync(CancellationToken ct);

    protected abstract bool IsUniqueViolation(DbException exception);

    public abstract Task MigrateAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        await using var connection = await OpenReadAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
    }

    protected async Task<T?> QuerySingleAsync<T>(string sql, object args, CancellationToken ct)
    {
        await using var connection = await OpenReadAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    protected async Task<IReadOnlyList<T>> QueryListAsync<T>(string sql, object args, CancellationToken ct)
    {
        await using var connection = await OpenReadAsync(ct);
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))];
    }

    public Task AppendAuditAsync(AuditDraft audit, long nowMs, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(long afterSeq, int limit, CancellationToken ct) =>
        [.. (await QueryListAsync<AuditRow>(AuditSql.Page, new { afterSeq, limit }, ct)).Select(r => r.ToEntry())];

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditBeforeAsync(long beforeSeq, int limit, CancellationToken ct) =>
        [.. (await QueryListAsync<AuditRow>(AuditSql.PageBefore, new { beforeSeq, limit }, ct)).Select(r => r.ToEntry())];

    public IAsyncEnumerable<AuditEntry> ReadAllAuditAsync(CancellationToken ct) => ReadAuditPagesAsync(ReadAuditAsync, 0, ct);

    public IAsyncEnumerable<AuditEntry> ReadAuditNewestFirstAsync(CancellationToken ct) => ReadAuditPagesAsync(ReadAuditBeforeAsync, long.MaxValue, ct);

    /// <summary>Every entry the pages of <paramref name="readPage"/> reach, each page starting past the last entry read.</summary>
    private static async IAsyncEnumerable<AuditEntry> ReadAuditPagesAsync(
        Func<long, int, CancellationToken, Task<IReadOnlyList<AuditEntry>>> readPage, long from, [EnumeratorCancellation] CancellationToken ct)
    {
        const int PageSize = 1000;
        while (true)
        {
            var page = await readPage(from, PageSize, ct);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            from = page[^1].Seq;
        }
    }
}
