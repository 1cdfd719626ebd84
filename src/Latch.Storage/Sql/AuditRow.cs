using Latch.Core.Audit;

namespace Latch.Storage.Sql;

/// <summary>Dapper's view of an audit row.</summary>
internal sealed class AuditRow
{
    public long Seq { get; init; }
    public long AtMs { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Target { get; init; } = "";
    public string Data { get; init; } = "";
    public byte[] PrevHash { get; init; } = [];
    public byte[] Hash { get; init; } = [];

    public AuditEntry ToEntry() => new(Seq, AtMs, Actor, Action, Target, Data, PrevHash, Hash);
}
