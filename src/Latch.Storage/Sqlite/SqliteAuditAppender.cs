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
    private Insert? _insert;

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
        var insert = _insert ??= new Insert((SqliteConnection)scope.Connection);
        var statement = insert.Statement;
        try
        {
            statement.Bind(insert.Seq, entry.Seq);
            statement.Bind(insert.AtMs, entry.AtMs);
            statement.Bind(insert.Actor, entry.Actor);
            statement.Bind(insert.Action, entry.Action);
            statement.Bind(insert.Target, entry.Target);
            statement.Bind(insert.Data, entry.Data);
            statement.Bind(insert.PrevHash, entry.PrevHash);
            statement.Bind(insert.Hash, entry.Hash);
            statement.Step();
        }
        finally
        {
            statement.Reset();
        }

        (Seq, Hash) = (entry.Seq, entry.Hash);
        return Task.CompletedTask;
    }

    public void Dispose() => _insert?.Statement.Dispose();

    // Prepared once on the writer's connection: every audited write runs it.
    private sealed class Insert
    {
        public Insert(SqliteConnection connection)
        {
            Statement = new SqliteStatement(connection, AuditSql.Insert);
            Seq = Statement.Parameter("@Seq");
            AtMs = Statement.Parameter("@AtMs");
            Actor = Statement.Parameter("@Actor");
            Action = Statement.Parameter("@Action");
            Target = Statement.Parameter("@Target");
            Data = Statement.Parameter("@Data");
            PrevHash = Statement.Parameter("@PrevHash");
            Hash = Statement.Parameter("@Hash");
        }

        public SqliteStatement Statement { get; }
        public int Seq { get; }
        public int AtMs { get; }
        public int Actor { get; }
        public int Action { get; }
        public int Target { get; }
        public int Data { get; }
        public int PrevHash { get; }
        public int Hash { get; }
    }
}
