using Latch.Core.Audit;
using Latch.Storage.Sql;

namespace Latch.Storage.Postgres;

/// <summary>
/// Appends by locking the one-row chain tip (<c>audit_head</c>) for the rest of the transaction, so nodes
/// sharing the database number and link entries in a single order. The tip is always the last lock a write
/// takes, which keeps lock order acyclic.
/// </summary>
internal sealed class PostgresAuditAppender : IAuditAppender
{
    public static PostgresAuditAppender Instance { get; } = new();

    public async Task AppendAsync(WriteScope scope, AuditDraft draft, long nowMs, CancellationToken ct)
    {
        var tip = await scope.FirstOrDefaultAsync<AuditRow>("SELECT seq AS Seq, hash AS Hash FROM audit_head WHERE id = 1 FOR UPDATE")
            ?? throw new InvalidOperationException("The audit_head row is missing; the migration did not run.");
        var entry = AuditChain.Seal(draft, tip.Seq + 1, nowMs, tip.Hash);
        await scope.ExecuteAsync(AuditSql.Insert + "; UPDATE audit_head SET seq = @Seq, hash = @Hash WHERE id = 1", entry);
    }
}
