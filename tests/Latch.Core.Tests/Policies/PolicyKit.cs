using Latch.Core.Policies;

namespace Latch.Core.Tests.Policies;

/// <summary>Small builders so each test states only what it is about.</summary>
internal static class PolicyKit
{
    /// <summary>Monday 2026-06-01 10:00 UTC (12:00 in Berlin).</summary>
    public static readonly DateTimeOffset Monday = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly NamedLocation Hq = new("loc_hq", "HQ", ["10.0.0.0/8", "2001:db8::/32"], Trusted: true);
    public static readonly NamedLocation Branch = new("loc_branch", "Branch", ["192.168.1.0/24"], Trusted: false);
    public static readonly NamedLocation Vpn = new("loc_vpn", "VPN", ["172.16.0.0/12"], Trusted: true);
    public static readonly NamedLocation[] AllLocations = [Hq, Branch, Vpn];

    public static Policy Policy(
        string id = "pol_1",
        PolicyState state = PolicyState.Enabled,
        UserAssignment? users = null,
        ResourceAssignment? resources = null,
        PolicyConditions? conditions = null,
        GrantControls? grant = null,
        SessionControls? session = null) =>
        new(id, 1, new PolicyDefinition
        {
            Name = $"Policy {id}",
            State = state,
            Users = users ?? UserAssignment.All,
            Resources = resources ?? ResourceAssignment.All,
            Conditions = conditions ?? PolicyConditions.None,
            Grant = grant ?? GrantControls.None,
            Session = session ?? SessionControls.None,
        });

    public static GrantControls Requires(GrantOperator op, params GrantRequirement[] requirements) =>
        new() { Requirements = requirements, Operator = op };

    public static PolicySet Set(params Policy[] policies) => PolicySet.Compile(policies, AllLocations);

    public static AccessFacts Facts(
        string userId = "usr_a",
        string[]? groups = null,
        string resourceId = "res_app",
        string? ip = null,
        DevicePlatform? platform = null,
        bool? compliant = null,
        ClientApp? app = null,
        RiskLevel signInRisk = RiskLevel.None,
        RiskLevel userRisk = RiskLevel.None,
        DateTimeOffset? at = null) =>
        new()
        {
            UserId = userId,
            GroupIds = groups ?? [],
            ResourceId = resourceId,
            Ip = ip is null ? null : NetworkAddress.Parse(ip),
            Platform = platform,
            DeviceCompliant = compliant,
            ClientApp = app,
            SignInRisk = signInRisk,
            UserRisk = userRisk,
            At = at ?? Monday,
        };

    public static (Decision Decision, PolicyVerdict[] Verdicts) Run(PolicySet set, in AccessFacts facts)
    {
        var verdicts = new PolicyVerdict[set.Count];
        var decision = set.Evaluate(facts, verdicts);
        return (decision, verdicts);
    }

    /// <summary>The single policy's verdict for a one-policy set.</summary>
    public static PolicyVerdict Verdict(Policy policy, in AccessFacts facts) => Run(Set(policy), facts).Verdicts[0];

    public static bool Applies(Policy policy, in AccessFacts facts) => Verdict(policy, facts).Applied;
}
