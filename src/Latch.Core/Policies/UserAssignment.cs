namespace Latch.Core.Policies;

/// <summary>The users a policy is assigned to: included by id, group or <c>all</c>; exclusions win.</summary>
public sealed record UserAssignment
{
    /// <summary>The policy includes every user (<c>"include": ["all"]</c>).</summary>
    public bool IncludeAll { get; init; }

    public IReadOnlyList<string> IncludeUsers { get; init; } = [];

    public IReadOnlyList<string> ExcludeUsers { get; init; } = [];

    public IReadOnlyList<string> IncludeGroups { get; init; } = [];

    public IReadOnlyList<string> ExcludeGroups { get; init; } = [];

    public static UserAssignment All { get; } = new() { IncludeAll = true };
}
