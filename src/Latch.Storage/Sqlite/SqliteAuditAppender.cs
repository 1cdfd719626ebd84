using System.Security.Cryptography;
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
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private SqliteCommand? _insert;

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

    public async Task AppendAsync(WriteScope scope, AuditDraft draft, long nowMs, CancellationToken ct)
    {
        var entry = AuditChain.Seal(_sha, draft, Seq + 1, nowMs, Hash);
        var insert = Insert(scope);
        insert.Parameters["@Seq"].Value = entry.Seq;
        insert.Parameters["@AtMs"].Value = entry.AtMs;
        insert.Parameters["@Actor"].Value = entry.Actor;
        insert.Parameters["@Action"].Value = entry.Action;
        insert.Parameters["@Target"].Value = entry.Target;
        insert.Parameters["@Data"].Value = entry.Data;
        insert.Parameters["@PrevHash"].Value = entry.PrevHash;
        insert.Parameters["@Hash"].Value = entry.Hash;
        await insert.ExecuteNonQueryAsync(ct);
        (Seq, Hash) = (entry.Seq, entry.Hash);
    }

    // Reused on the writer's connection: preparing the insert once saves a parse on every audited write.
    private SqliteCommand Insert(WriteScope scope)
    {
        if (_insert is null)
        {
            _insert = (SqliteCommand)scope.Connection.CreateCommand();
            _insert.CommandText = AuditSql.Insert;
            foreach (var name in new[] { "@Seq", "@AtMs", "@Actor", "@Action", "@Target", "@Data", "@PrevHash", "@Hash" })
            {
                _insert.Parameters.Add(new SqliteParameter(name, null));
            }
        }

        _insert.Transaction = (SqliteTransaction)scope.Transaction;
        return _insert;
    }

    public void Dispose()
    {
        _sha.Dispose();
        _insert?.Dispose();
    }
}
