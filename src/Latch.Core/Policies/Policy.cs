namespace Latch.Core.Policies;

/// <summary>A stored policy: its id, the version that changes on every save, and its document.</summary>
public sealed record Policy(string Id, int Version, PolicyDefinition Definition);
