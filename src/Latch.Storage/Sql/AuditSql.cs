namespace Latch.Storage.Sql;

internal static class AuditSql
{
    public const string Insert = """
        INSERT INTO audit (seq, at, actor, action, target, data, prev_hash, hash)
        VALUES (@Seq, @AtMs, @Actor, @Action, @Target, @Data, @PrevHash, @Hash)
        """;

    public const string Columns = "seq AS Seq, at AS AtMs, actor AS Actor, action AS Action, target AS Target, data AS Data, prev_hash AS PrevHash, hash AS Hash";

    public const string Page = $"SELECT {Columns} FROM audit WHERE seq > @afterSeq ORDER BY seq LIMIT @limit";

    public const string PageBefore = $"SELECT {Columns} FROM audit WHERE seq < @beforeSeq ORDER BY seq DESC LIMIT @limit";

    public const string Tip = "SELECT seq AS Seq, hash AS Hash FROM audit ORDER BY seq DESC LIMIT 1";
}
