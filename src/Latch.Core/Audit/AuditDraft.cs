namespace Latch.Core.Audit;

/// <summary>An audit entry before the store gives it a sequence number and a place in the chain.</summary>
public sealed record AuditDraft(string Actor, string Action, string Target, string Data);
