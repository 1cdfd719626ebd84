namespace Latch.Storage.Policies;

/// <summary>A stored policy: its current document (JSON, the public policy shape) and version.</summary>
public sealed class PolicyRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; }
    public required string Document { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

/// <summary>One saved version of a policy; a delete adds a last version with <c>change = "deleted"</c>.</summary>
public sealed class PolicyVersionRecord
{
    public required string PolicyId { get; init; }
    public int Version { get; init; }
    public required string Change { get; init; }
    public required string Document { get; init; }
    public long ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
}

/// <summary>Changes whenever a policy or a named location changes, so a compiled policy set knows it is stale.</summary>
public readonly record struct PolicyEpoch(long LastPolicyChange, long LastLocation);
