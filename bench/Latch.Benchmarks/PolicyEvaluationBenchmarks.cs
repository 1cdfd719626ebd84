using BenchmarkDotNet.Attributes;
using Latch.Core.Policies;

namespace Latch.Benchmarks;

/// <summary>
/// One policy evaluation for a typical request against a generated directory: 1,000 users in 50 groups (1-5 each),
/// 50 resources, 20 named locations, and policies mixing every condition kind and state (seeded, so every run
/// measures the same set).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyEvaluationBenchmarks
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"];

    private PolicySet _set = PolicySet.Empty;
    private PolicyVerdict[] _verdicts = [];
    private string _userId = "";
    private string[] _groups = [];
    private string _resourceId = "";
    private NetworkAddress _ip;
    private DateTimeOffset _at;

    [Params(10, 100, 1000)]
    public int Policies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260601);
        var users = Enumerable.Range(0, 1000).Select(i => $"usr_{i:D4}").ToArray();
        var groups = Enumerable.Range(0, 50).Select(i => $"grp_{i:D2}").ToArray();
        var resources = Enumerable.Range(0, 50).Select(i => $"res_{i:D2}").ToArray();
        var locations = Enumerable.Range(0, 20)
            .Select(i => new NamedLocation(
                $"loc_{i:D2}",
                $"Site {i}",
                [.. Enumerable.Range(0, random.Next(1, 4)).Select(j => i % 4 == 3 ? $"2001:db8:{i:x}:{j:x}::/64" : $"10.{i}.{j * 16}.0/20")],
                Trusted: i % 3 == 0))
            .ToArray();
        var memberships = users.ToDictionary(u => u, _ => Pick(random, groups, random.Next(1, 6)));

        var policies = Enumerable.Range(0, Policies).Select(i => GeneratePolicy(random, i, users, groups, resources, locations)).ToArray();
        _set = PolicySet.Compile(policies, locations);
        _verdicts = new PolicyVerdict[_set.Count];

        // A typical request: a member of three groups, from a known site, on a compliant Windows browser, on a weekday.
        _userId = memberships.First(kv => kv.Value.Length == 3).Key;
        _groups = memberships[_userId];
        _resourceId = resources[7];
        _ip = NetworkAddress.Parse("10.3.0.25");
        _at = new DateTimeOffset(2026, 6, 3, 9, 30, 0, TimeSpan.Zero);
    }

    [Benchmark]
    public Decision Evaluate()
    {
        var facts = new AccessFacts
        {
            UserId = _userId,
            GroupIds = _groups,
            ResourceId = _resourceId,
            Ip = _ip,
            Platform = DevicePlatform.Windows,
            DeviceCompliant = true,
            ClientApp = ClientApp.Browser,
            SignInRisk = RiskLevel.Low,
            UserRisk = RiskLevel.None,
            At = _at,
        };
        return _set.Evaluate(facts, _verdicts);
    }

    private static Policy GeneratePolicy(Random random, int index, string[] users, string[] groups, string[] resources, NamedLocation[] locations)
    {
        var userRoll = random.Next(10);
        var userAssignment = new UserAssignment
        {
            IncludeAll = userRoll < 3,
            IncludeGroups = userRoll is >= 3 and < 7 ? Pick(random, groups, random.Next(1, 4)) : [],
            IncludeUsers = userRoll >= 7 ? Pick(random, users, random.Next(1, 20)) : [],
            ExcludeUsers = random.Next(3) == 0 ? Pick(random, users, random.Next(1, 4)) : [],
            ExcludeGroups = random.Next(4) == 0 ? Pick(random, groups, 1) : [],
        };
        var allResources = random.Next(2) == 0;
        var resourceAssignment = new ResourceAssignment
        {
            IncludeAll = allResources,
            Include = allResources ? [] : Pick(random, resources, random.Next(1, 4)),
            Exclude = allResources && random.Next(3) == 0 ? Pick(random, resources, 1) : [],
        };
        var conditions = new PolicyConditions
        {
            SignInRisk = random.Next(10) < 3 ? [RiskLevel.Medium, RiskLevel.High] : [],
            UserRisk = random.Next(10) < 1 ? [RiskLevel.High] : [],
            Locations = random.Next(10) < 4 ? GenerateLocations(random, locations) : null,
            Platforms = random.Next(4) == 0 ? [DevicePlatform.Windows, DevicePlatform.MacOS, DevicePlatform.Linux] : [],
            ClientApps = random.Next(4) == 0 ? [ClientApp.Browser, ClientApp.Mobile] : [],
            DeviceCompliance = random.Next(7) == 0 ? DeviceComplianceCondition.NonCompliant : DeviceComplianceCondition.Any,
            Time = random.Next(5) == 0
                ? new TimeWindow
                {
                    Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
                    From = new TimeOnly(random.Next(6, 10), 0),
                    To = new TimeOnly(random.Next(16, 23), 0),
                    TimeZoneId = Zones[random.Next(Zones.Length)],
                }
                : null,
        };
        var grantRoll = random.Next(20);
        var grant = grantRoll switch
        {
            0 or 1 => GrantControls.BlockAccess,
            < 12 => new GrantControls { Requirements = [GrantRequirement.RequireCode] },
            < 15 => new GrantControls { Requirements = [GrantRequirement.RequireCompliantDevice] },
            < 18 => new GrantControls { Requirements = [GrantRequirement.RequireCode, GrantRequirement.RequireCompliantDevice], Operator = random.Next(2) == 0 ? GrantOperator.And : GrantOperator.Or },
            _ => GrantControls.None,
        };
        var stateRoll = random.Next(10);
        return new Policy($"pol_{index:D4}", 1, new PolicyDefinition
        {
            Name = $"Generated policy {index}",
            State = stateRoll < 7 ? PolicyState.Enabled : stateRoll < 9 ? PolicyState.ReportOnly : PolicyState.Disabled,
            Users = userAssignment,
            Resources = resourceAssignment,
            Conditions = conditions,
            Grant = grant,
            Session = random.Next(3) == 0 ? new SessionControls { CodeTtlSeconds = random.Next(60, 600), SignInFrequencyMinutes = random.Next(15, 240) } : SessionControls.None,
        });
    }

    private static LocationCondition GenerateLocations(Random random, NamedLocation[] locations) => random.Next(4) switch
    {
        0 => new LocationCondition { IncludeAny = true, ExcludeTrusted = true },
        1 => new LocationCondition { IncludeTrusted = true },
        2 => new LocationCondition { Include = Pick(random, locations, random.Next(1, 4)).Select(l => l.Id).ToArray() },
        _ => new LocationCondition { IncludeAny = true, Exclude = Pick(random, locations, random.Next(1, 3)).Select(l => l.Id).ToArray() },
    };

    private static T[] Pick<T>(Random random, T[] from, int count)
    {
        var copy = (T[])from.Clone();
        random.Shuffle(copy);
        return copy[..count];
    }
}
