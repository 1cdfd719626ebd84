using Latch.Core.Audit;

namespace Latch.Storage.Sql;

/// <summary>Appends to the hash chain inside a write: numbers the entry and links it to the current tip.</summary>
internal interface IAuditAppender
{
    Task AppendAsync(WriteScope scope, AuditDraft draft, long nowMs, CancellationToken ct);
}
