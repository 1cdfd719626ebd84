using System.Globalization;
using Latch.Server.Policies;

namespace Latch.Server.Ui.Policies;

/// <summary>
/// The policy editor's form: every condition and control of the policy document (SPEC "Policy document"), as plain
/// strings and check boxes so it posts without JavaScript. Lists of ids are typed separated by commas or spaces.
/// </summary>
internal sealed class PolicyForm
{
    public static readonly string[] RiskLevels = ["low", "medium", "high"];
    public static readonly string[] Platforms = ["windows", "macos", "linux", "ios", "android"];
    public static readonly string[] ClientApps = ["browser", "mobile", "api", "keypad"];
    public static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public string? Version { get; set; }
    public string? Name { get; set; }
    public string? State { get; set; } = "reportOnly";
    public string? UsersInclude { get; set; } = "all";
    public string? UsersExclude { get; set; }
    public string? GroupsInclude { get; set; }
    public string? GroupsExclude { get; set; }
    public string? ResourcesInclude { get; set; } = "all";
    public string? ResourcesExclude { get; set; }
    public string? SignInRisk { get; set; }
    public string? UserRisk { get; set; }
    public string? LocationsInclude { get; set; }
    public string? LocationsExclude { get; set; }
    public string? PlatformList { get; set; }
    public string? ClientAppList { get; set; }
    public string? DeviceCompliance { get; set; }
    public string? TimeDays { get; set; }
    public string? TimeFrom { get; set; }
    public string? TimeTo { get; set; }
    public string? TimeZone { get; set; }
    public bool Block { get; set; }
    public bool RequireCode { get; set; }
    public bool RequireCompliantDevice { get; set; }
    public string? Operator { get; set; } = "and";
    public string? CodeTtlSeconds { get; set; }
    public string? SignInFrequencyMinutes { get; set; }
    public bool Force { get; set; }

    /// <summary>The document the API would receive; numbers that do not parse are reported, not guessed.</summary>
    public (PolicyDocument? Document, string? Error) ToDocument()
    {
        if (!TryNumber(CodeTtlSeconds, out var ttl) || !TryNumber(SignInFrequencyMinutes, out var frequency) || !TryNumber(Version, out var version))
        {
            return (null, "Code TTL and sign-in frequency must be whole numbers (or left empty).");
        }

        var hasTime = !string.IsNullOrWhiteSpace(TimeDays) || !string.IsNullOrWhiteSpace(TimeFrom) || !string.IsNullOrWhiteSpace(TimeTo);
        var hasLocations = !string.IsNullOrWhiteSpace(LocationsInclude) || !string.IsNullOrWhiteSpace(LocationsExclude);
        return (new PolicyDocument
        {
            Version = version,
            Name = Name?.Trim(),
            State = State,
            Users = new UsersSection { Include = List(UsersInclude), Exclude = List(UsersExclude), IncludeGroups = List(GroupsInclude), ExcludeGroups = List(GroupsExclude) },
            Resources = new ResourcesSection { Include = List(ResourcesInclude), Exclude = List(ResourcesExclude) },
            Conditions = new ConditionsSection
            {
                SignInRisk = List(SignInRisk),
                UserRisk = List(UserRisk),
                Locations = hasLocations ? new LocationsSection { Include = List(LocationsInclude), Exclude = List(LocationsExclude) } : null,
                Platforms = List(PlatformList),
                ClientApps = List(ClientAppList),
                DeviceCompliance = string.IsNullOrWhiteSpace(DeviceCompliance) ? null : DeviceCompliance,
                Time = hasTime ? new TimeSection { Days = List(TimeDays), From = Blank(TimeFrom), To = Blank(TimeTo), TimeZone = Blank(TimeZone) } : null,
            },
            Grant = new GrantSection
            {
                Block = Block,
                Requirements = [.. RequireCode ? ["requireCode"] : Array.Empty<string>(), .. RequireCompliantDevice ? ["requireCompliantDevice"] : Array.Empty<string>()],
                Operator = Operator,
            },
            Session = ttl is null && frequency is null ? null : new SessionSection { CodeTtlSeconds = ttl, SignInFrequencyMinutes = frequency },
        }, null);
    }

    public static PolicyForm From(PolicyDocument d) => new()
    {
        Version = d.Version?.ToString(CultureInfo.InvariantCulture),
        Name = d.Name,
        State = d.State,
        UsersInclude = Join(d.Users?.Include),
        UsersExclude = Join(d.Users?.Exclude),
        GroupsInclude = Join(d.Users?.IncludeGroups),
        GroupsExclude = Join(d.Users?.ExcludeGroups),
        ResourcesInclude = Join(d.Resources?.Include),
        ResourcesExclude = Join(d.Resources?.Exclude),
        SignInRisk = Join(d.Conditions?.SignInRisk),
        UserRisk = Join(d.Conditions?.UserRisk),
        LocationsInclude = Join(d.Conditions?.Locations?.Include),
        LocationsExclude = Join(d.Conditions?.Locations?.Exclude),
        PlatformList = Join(d.Conditions?.Platforms),
        ClientAppList = Join(d.Conditions?.ClientApps),
        DeviceCompliance = d.Conditions?.DeviceCompliance,
        TimeDays = Join(d.Conditions?.Time?.Days),
        TimeFrom = d.Conditions?.Time?.From,
        TimeTo = d.Conditions?.Time?.To,
        TimeZone = d.Conditions?.Time?.TimeZone,
        Block = d.Grant?.Block == true,
        RequireCode = d.Grant?.Requirements?.Contains("requireCode") == true,
        RequireCompliantDevice = d.Grant?.Requirements?.Contains("requireCompliantDevice") == true,
        Operator = d.Grant?.Operator ?? "and",
        CodeTtlSeconds = d.Session?.CodeTtlSeconds?.ToString(CultureInfo.InvariantCulture),
        SignInFrequencyMinutes = d.Session?.SignInFrequencyMinutes?.ToString(CultureInfo.InvariantCulture),
    };

    public static List<string> List(string? text) =>
        [.. (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string Join(List<string>? values) => values is null ? "" : string.Join(", ", values);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryNumber(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
