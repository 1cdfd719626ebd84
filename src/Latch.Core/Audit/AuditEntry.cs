namespace Latch.Core.Audit;

/// <summary>
/// One record of the append-only audit log. <see cref="Data"/> is a JSON object of details; it never holds a
/// plain code or secret. <see cref="Hash"/> chains the entry to <see cref="PrevHash"/>.
/// </summary>
public sealed record AuditEntry(long Seq, long AtMs, string Actor, string Action, string Target, string Data, byte[] PrevHash, byte[] Hash);
