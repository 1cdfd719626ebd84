using Latch.Core.Audit;
using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// Holds the chain tip in memory: only the single writer appends, so no lock row is needed. The writer takes a
/// snapshot before each write and restores it when that write (or its batch) rolls back.
/// </summary>
internal sealed class SqliteAuditAppender : IAuditAppender, IDisposable
{
    private SqliteStatement? _insert;

    public long Seq { get; private set; }
    public byte[] Hash { get; private set; } = AuditChain.Genesis;

    public (long, byte[]) Snapshot() => (Seq, Hash);

    public void Restore((long Seq, byte[] Hash) tip) => (Seq, Hash) = tip;

    public void Load(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = AuditSql.Tip;
        using var reader = command.ExecuteReader();
        (Seq, Hash) = reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : (0, AuditChain.Genesis);
    }

    // Synchronous inside: SQLite's calls complete at once anyway, and this runs for every audited write.
    public Task AppendAsync(WriteScope scope, AuditDraft draft, long nowMs, CancellationToken ct)
    {
        var entry = AuditChain.Seal(draft, Seq + 1, nowMs, Hash);

        // Prepared once on the writer's connection: every audited write runs it.
        var insert = _insert ??= new SqliteStatement((SqliteConnection)scope.Connection, AuditSql.Insert);
        try
        {
            insert.Bind("@Seq", entry.Seq);
            insert.Bind("@AtMs", entry.AtMs);
            insert.Bind("@Actor", entry.Actor);
            insert.Bind("@Action", entry.Action);
            insert.Bind("@Target", entry.Target);
            insert.Bind("@Data", entry.Data);
            insert.Bind("@PrevHash", entry.PrevHash);
            insert.Bind("@Hash", entry.Hash);
            insert.Step();
        }
        finally
        {
            insert.Reset();
        }

        (Seq, Hash) = (entry.Seq, entry.Hash);
        return Task.CompletedTask;
    }

    public void Dispose() => _insert?.Dispose();
}
