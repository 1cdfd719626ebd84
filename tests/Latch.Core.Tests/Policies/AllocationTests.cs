using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class AllocationTests
{
    [Fact]
    public void Evaluation_allocates_nothing_once_warm()
    {
        var time = new TimeWindow { Days = [DayOfWeek.Monday], From = new TimeOnly(22, 0), To = new TimeOnly(6, 0), TimeZoneId = "Europe/Berlin" };
        var set = Set(
            Policy("pol_1", users: new UserAssignment { IncludeGroups = ["grp_ops"], ExcludeUsers = ["usr_x"] }, grant: Requires(GrantOperator.Or, GrantRequirement.RequireCode, GrantRequirement.RequireCompliantDevice)),
            Policy("pol_2", conditions: new PolicyConditions { Locations = new LocationCondition { IncludeAny = true, ExcludeTrusted = true }, SignInRisk = [RiskLevel.Medium] }, grant: GrantControls.BlockAccess),
            Policy("pol_3", PolicyState.ReportOnly, conditions: new PolicyConditions { Time = time, Platforms = [DevicePlatform.iOS], ClientApps = [ClientApp.Mobile] }),
            Policy("pol_4", conditions: new PolicyConditions { Time = time with { TimeZoneId = "America/New_York" }, DeviceCompliance = DeviceComplianceCondition.Compliant }, session: new SessionControls { CodeTtlSeconds = 60 }),
            Policy("pol_5", resources: new ResourceAssignment { Include = ["res_app"] }, conditions: new PolicyConditions { Locations = new LocationCondition { Include = ["loc_branch", "loc_hq"] } }));
        var verdicts = new PolicyVerdict[set.Count];
        string[] groups = ["grp_a", "grp_ops", "grp_b"];
        var facts = new AccessFacts
        {
            UserId = "usr_a",
            GroupIds = groups,
            ResourceId = "res_app",
            Ip = NetworkAddress.Parse("10.2.3.4"),
            Platform = DevicePlatform.iOS,
            DeviceCompliant = true,
            ClientApp = ClientApp.Mobile,
            SignInRisk = RiskLevel.Medium,
            At = Monday,
        };

        var decision = default(Decision);
        for (var i = 0; i < 100; i++)
        {
            decision = set.Evaluate(facts, verdicts);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            decision = set.Evaluate(facts, verdicts);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal([true, false, false, false, true], verdicts.Select(v => v.Applied));
    }

    [Fact]
    public void Sets_too_large_for_the_stack_evaluate_the_same_and_allocate_nothing_once_warm()
    {
        var policies = Enumerable.Range(0, 1500)
            .Select(i => Policy($"pol_{i}", users: new UserAssignment { IncludeUsers = [$"usr_{i}"] }, grant: Requires(GrantOperator.And, GrantRequirement.RequireCode)))
            .ToArray();
        var set = PolicySet.Compile(policies, [.. Enumerable.Range(0, 5000).Select(i => new NamedLocation($"loc_{i}", $"L{i}", [$"10.{i / 256}.{i % 256}.0/24"], false))]);
        var verdicts = new PolicyVerdict[set.Count];
        var facts = Facts(userId: "usr_1499", ip: "10.19.135.1");

        var decision = set.Evaluate(facts, verdicts);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            decision = set.Evaluate(facts, verdicts);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(DecisionKind.Challenge, decision.Kind);
        Assert.Equal(1499, decision.DecidingPolicyIndex);
        Assert.Single(verdicts, v => v.Applied);
    }
}
