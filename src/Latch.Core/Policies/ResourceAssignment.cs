namespace Latch.Core.Policies;

/// <summary>The resources a policy is assigned to: included by id or <c>all</c>; exclusions win.</summary>
public sealed record ResourceAssignment
{
    /// <summary>The policy covers every resource (<c>"include": ["all"]</c>).</summary>
    public bool IncludeAll { get; init; }

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public static ResourceAssignment All { get; } = new() { IncludeAll = true };
}
