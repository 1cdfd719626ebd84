namespace Latch.Core.Policies;

/// <summary>
/// The location condition: which named locations a request's IP must be in, and which it must not be in.
/// Exclusions win. An include with nothing in it means <c>any</c>.
/// </summary>
public sealed record LocationCondition
{
    /// <summary><c>"include": ["any"]</c>: every IP, and requests without one.</summary>
    public bool IncludeAny { get; init; }

    /// <summary><c>"include": ["trusted"]</c>: an IP inside any trusted named location.</summary>
    public bool IncludeTrusted { get; init; }

    /// <summary>Named location ids (<c>loc_...</c>).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary><c>"exclude": ["trusted"]</c>.</summary>
    public bool ExcludeTrusted { get; init; }

    public IReadOnlyList<string> Exclude { get; init; } = [];
}
