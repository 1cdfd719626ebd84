namespace Latch.Server.Tests.Policies;

/// <summary>
/// A policy document as a scenario writes it, with directory entries named <c>@name</c>. Defaults: enabled, all
/// users, all resources, no conditions, no grant controls.
/// </summary>
public sealed record PolicySpec(string Name)
{
    public string State { get; init; } = "enabled";
    public string[] Users { get; init; } = ["all"];
    public string[] ExcludeUsers { get; init; } = [];
    public string[] IncludeGroups { get; init; } = [];
    public string[] ExcludeGroups { get; init; } = [];
    public string[] Resources { get; init; } = ["all"];
    public string[] ExcludeResources { get; init; } = [];
    public string[] SignInRisk { get; init; } = [];
    public string[] UserRisk { get; init; } = [];
    public string[]? Locations { get; init; }
    public string[] ExcludeLocations { get; init; } = [];
    public string[] Platforms { get; init; } = [];
    public string[] ClientApps { get; init; } = [];
    public string? DeviceCompliance { get; init; }

    /// <summary>Days (e.g. "mon,tue"), from, to, IANA time zone.</summary>
    public (string Days, string From, string To, string Zone)? Time { get; init; }

    public bool Block { get; init; }
    public string[] Requirements { get; init; } = [];
    public string Operator { get; init; } = "and";

    public static PolicySpec Blocking(string name) => new(name) { Block = true };

    public static PolicySpec Code(string name) => new(name) { Requirements = ["requireCode"] };

    /// <summary>The JSON document <c>POST /v1/policies</c> takes, ids resolved.</summary>
    public object ToDocument(PolicyFixture f)
    {
        string[] Ids(string[] names) => [.. names.Select(f.Id)];
        return new
        {
            name = Name,
            state = State,
            users = new { include = Ids(Users), exclude = Ids(ExcludeUsers), includeGroups = Ids(IncludeGroups), excludeGroups = Ids(ExcludeGroups) },
            resources = new { include = Ids(Resources), exclude = Ids(ExcludeResources) },
            conditions = new
            {
                signInRisk = SignInRisk,
                userRisk = UserRisk,
                locations = Locations is null && ExcludeLocations.Length == 0 ? null : new { include = Ids(Locations ?? []), exclude = Ids(ExcludeLocations) },
                platforms = Platforms,
                clientApps = ClientApps,
                deviceCompliance = DeviceCompliance,
                time = Time is { } t ? new { days = t.Days.Split(',', StringSplitOptions.RemoveEmptyEntries), from = t.From, to = t.To, timeZone = t.Zone } : null,
            },
            grant = new { block = Block, requirements = Requirements, @operator = Operator },
        };
    }
}
