namespace Latch.Storage.Policies;

/// <summary>The outcome of creating or replacing a policy.</summary>
public abstract record SavePolicyResult
{
    private SavePolicyResult()
    {
    }

    public sealed record Saved(PolicyRecord Policy) : SavePolicyResult;

    /// <summary>Another policy already has this name.</summary>
    public sealed record NameTaken : SavePolicyResult;

    public sealed record NotFound : SavePolicyResult;

    /// <summary>The caller expected another version (optimistic concurrency); <paramref name="Current"/> is what is stored.</summary>
    public sealed record VersionMismatch(int Current) : SavePolicyResult;
}
