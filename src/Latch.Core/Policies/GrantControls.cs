namespace Latch.Core.Policies;

/// <summary>What a policy does when it applies: block, or ask for requirements combined by an operator.</summary>
public sealed record GrantControls
{
    /// <summary>Block access; requirements are ignored.</summary>
    public bool Block { get; init; }

    public IReadOnlyList<GrantRequirement> Requirements { get; init; } = [];

    public GrantOperator Operator { get; init; } = GrantOperator.And;

    /// <summary>Neither block nor requirements: the policy applies and is satisfied (useful for session controls).</summary>
    public static GrantControls None { get; } = new();

    public static GrantControls BlockAccess { get; } = new() { Block = true };
}
