namespace Latch.Core.Policies;

/// <summary>
/// A conditional-access policy document (SPEC "Policy document"): who and what it is assigned to, the
/// conditions under which it applies, and what it grants or blocks when it does.
/// </summary>
/// <remarks>Lists are read as sets: order and duplicates do not matter. Records compare lists by reference.</remarks>
public sealed record PolicyDefinition
{
    public required string Name { get; init; }

    public required PolicyState State { get; init; }

    public required UserAssignment Users { get; init; }

    public required ResourceAssignment Resources { get; init; }

    public PolicyConditions Conditions { get; init; } = PolicyConditions.None;

    public GrantControls Grant { get; init; } = GrantControls.None;

    public SessionControls Session { get; init; } = SessionControls.None;
}
