namespace Latch.Server.Policies;

// The policy document of SPEC.md "Policy semantics", as JSON (API) and YAML (policy as code). Every field is
// nullable so a missing or misspelt one is reported by name. What Latch stores and returns is the normalized form
// (see PolicyDocuments.Normalize): every section present, so export → import → export gives the same text.

public sealed record PolicyDocument
{
    /// <summary>Set by Latch; optional on input (must match the URL when given).</summary>
    public string? Id { get; init; }

    /// <summary>Set by Latch; on a replace, when given, it must be the stored version (optimistic concurrency).</summary>
    public int? Version { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public UsersSection? Users { get; init; }
    public ResourcesSection? Resources { get; init; }
    public ConditionsSection? Conditions { get; init; }
    public GrantSection? Grant { get; init; }
    public SessionSection? Session { get; init; }

    /// <summary>Output only: when and by whom the current version was saved (ignored on input).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}

public sealed record UsersSection
{
    public List<string>? Include { get; init; }
    public List<string>? Exclude { get; init; }
    public List<string>? IncludeGroups { get; init; }
    public List<string>? ExcludeGroups { get; init; }
}

public sealed record ResourcesSection
{
    public List<string>? Include { get; init; }
    public List<string>? Exclude { get; init; }
}

public sealed record ConditionsSection
{
    public List<string>? SignInRisk { get; init; }
    public List<string>? UserRisk { get; init; }
    public LocationsSection? Locations { get; init; }
    public List<string>? Platforms { get; init; }
    public List<string>? ClientApps { get; init; }
    public string? DeviceCompliance { get; init; }
    public TimeSection? Time { get; init; }
}

public sealed record LocationsSection
{
    public List<string>? Include { get; init; }
    public List<string>? Exclude { get; init; }
}

public sealed record TimeSection
{
    public List<string>? Days { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? TimeZone { get; init; }
}

public sealed record GrantSection
{
    public bool? Block { get; init; }
    public List<string>? Requirements { get; init; }
    public string? Operator { get; init; }
}

public sealed record SessionSection
{
    public int? CodeTtlSeconds { get; init; }
    public int? SignInFrequencyMinutes { get; init; }
}
