using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class ExplanationTests
{
    private static PolicyExplanation Explain(Policy policy, in AccessFacts facts)
    {
        var set = Set(policy);
        var verdicts = new PolicyVerdict[1];
        set.Evaluate(facts, verdicts);
        return set.Explain(facts, verdicts[0]);
    }

    [Fact]
    public void The_explanation_carries_the_policy_and_its_result()
    {
        var explanation = Explain(Policy("pol_x", grant: GrantControls.BlockAccess), Facts());

        Assert.Equal("pol_x", explanation.PolicyId);
        Assert.Equal("Policy pol_x", explanation.Name);
        Assert.Equal(PolicyState.Enabled, explanation.State);
        Assert.True(explanation.Applied);
        Assert.Equal("block", explanation.Result);
        Assert.Equal(["user included (all users)", "resource included (all resources)", "grant: block"], explanation.Reasons);
    }

    [Fact]
    public void User_reasons_name_the_exclusion_first_then_the_inclusion()
    {
        var users = new UserAssignment { IncludeAll = true, IncludeGroups = ["grp_y"], ExcludeUsers = ["usr_x"], ExcludeGroups = ["grp_z"] };
        var policy = Policy(users: users);

        Assert.Equal("user 'usr_x' excluded", Explain(policy, Facts(userId: "usr_x")).Reasons[0]);
        Assert.Equal("group 'grp_z' excluded", Explain(policy, Facts(groups: ["grp_y", "grp_z"])).Reasons[0]);
        Assert.Equal("group 'grp_y' included", Explain(policy, Facts(groups: ["grp_y"])).Reasons[0]);
        Assert.Equal("user 'usr_a' included", Explain(Policy(users: new UserAssignment { IncludeUsers = ["usr_a"] }), Facts()).Reasons[0]);
        Assert.Equal("user not included", Explain(Policy(users: new UserAssignment()), Facts()).Reasons[0]);
    }

    [Fact]
    public void Resource_reasons()
    {
        Assert.Equal("resource not included", Explain(Policy(resources: new ResourceAssignment { Include = ["res_b"] }), Facts()).Reasons[1]);
        Assert.Equal("resource 'res_app' included", Explain(Policy(resources: new ResourceAssignment { Include = ["res_app"] }), Facts()).Reasons[1]);
        Assert.Equal("resource 'res_app' excluded", Explain(Policy(resources: new ResourceAssignment { IncludeAll = true, Exclude = ["res_app"] }), Facts()).Reasons[1]);
    }

    [Fact]
    public void A_policy_that_did_not_apply_lists_its_conditions_and_no_grant()
    {
        var policy = Policy(
            conditions: new PolicyConditions
            {
                SignInRisk = [RiskLevel.Medium, RiskLevel.High],
                UserRisk = [RiskLevel.High],
                Platforms = [DevicePlatform.Windows, DevicePlatform.MacOS],
                ClientApps = [ClientApp.Browser],
                DeviceCompliance = DeviceComplianceCondition.Compliant,
                Time = new TimeWindow
                {
                    Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
                    From = new TimeOnly(8, 0),
                    To = new TimeOnly(18, 0),
                    TimeZoneId = "Europe/Berlin",
                },
            },
            grant: GrantControls.BlockAccess);
        var facts = Facts(
            signInRisk: RiskLevel.Low,
            userRisk: RiskLevel.High,
            platform: DevicePlatform.iOS,
            compliant: false,
            app: ClientApp.Browser,
            at: new DateTimeOffset(2026, 6, 6, 8, 0, 0, TimeSpan.Zero));

        var explanation = Explain(policy, facts);

        Assert.False(explanation.Applied);
        Assert.Equal("notApplied", explanation.Result);
        Assert.Equal(
            [
                "user included (all users)",
                "resource included (all resources)",
                "sign-in risk 'low' not in [medium, high]",
                "user risk 'high' in [high]",
                "platform 'ios' not in [windows, macos]",
                "client app 'browser' in [browser]",
                "device not compliant (condition: compliant)",
                "outside time window mon-fri 08:00-18:00 Europe/Berlin (local sat 10:00)",
            ],
            explanation.Reasons);
    }

    [Fact]
    public void Missing_facts_are_named()
    {
        var policy = Policy(conditions: new PolicyConditions
        {
            Platforms = [DevicePlatform.Linux],
            ClientApps = [ClientApp.Api],
            DeviceCompliance = DeviceComplianceCondition.NonCompliant,
            Locations = new LocationCondition { Include = ["loc_hq"] },
        });

        Assert.Equal(
            [
                "user included (all users)",
                "resource included (all resources)",
                "no IP address to match locations",
                "no device platform to match [linux]",
                "no client app to match [api]",
                "no device known (condition: nonCompliant)",
            ],
            Explain(policy, Facts()).Reasons);
    }

    [Theory]
    [InlineData("192.168.1.9", "location 'Branch' excluded")]
    [InlineData("10.1.1.1", "location trusted 'HQ' matched")]
    [InlineData("172.16.5.5", "location 'VPN' matched")]
    [InlineData("8.8.8.8", "location not included")]
    [InlineData(null, "no IP address to match locations")]
    public void Location_reasons_name_the_location(string? ip, string reason)
    {
        var policy = Policy(conditions: new PolicyConditions
        {
            Locations = new LocationCondition { IncludeTrusted = true, Include = ["loc_vpn", "loc_branch"], Exclude = ["loc_branch"] },
        });
        Assert.Equal(reason, Explain(policy, Facts(ip: ip)).Reasons[2]);
    }

    [Theory]
    [InlineData("10.1.1.1", "location trusted 'HQ' excluded")]
    [InlineData("8.8.8.8", "location included (any location)")]
    [InlineData(null, "location included (any location); no IP address to match exclusions")]
    public void Any_location_except_trusted_reasons(string? ip, string reason)
    {
        var policy = Policy(conditions: new PolicyConditions { Locations = new LocationCondition { IncludeAny = true, ExcludeTrusted = true } });
        Assert.Equal(reason, Explain(policy, Facts(ip: ip)).Reasons[2]);
    }

    [Theory]
    [InlineData(GrantOperator.And, false, "unsatisfiable", "grant: requireCode and requireCompliantDevice; device not compliant")]
    [InlineData(GrantOperator.And, true, "requireCode", "grant: requireCode and requireCompliantDevice; device compliant")]
    [InlineData(GrantOperator.Or, true, "satisfied", "grant: requireCode or requireCompliantDevice; device compliant")]
    [InlineData(GrantOperator.Or, null, "requireCode", "grant: requireCode or requireCompliantDevice; no device known")]
    public void Grant_reasons_say_what_was_asked_and_the_device_state(GrantOperator op, bool? compliant, string result, string reason)
    {
        var policy = Policy(grant: Requires(op, GrantRequirement.RequireCode, GrantRequirement.RequireCompliantDevice));
        var explanation = Explain(policy, Facts(compliant: compliant));
        Assert.Equal(result, explanation.Result);
        Assert.Equal(reason, explanation.Reasons[^1]);
    }

    [Fact]
    public void Time_reasons_show_overnight_windows_odd_days_and_whole_days()
    {
        static string Reason(DayOfWeek[] days, int from, int to, DateTimeOffset at) => Explain(
            Policy(conditions: new PolicyConditions
            {
                Time = new TimeWindow { Days = days, From = new TimeOnly(from, 0), To = new TimeOnly(to, 0), TimeZoneId = "UTC" },
            }),
            Facts(at: at)).Reasons[2];

        var saturday3am = new DateTimeOffset(2026, 6, 6, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal("inside time window fri 22:00-06:00 UTC (local sat 03:00)", Reason([DayOfWeek.Friday], 22, 6, saturday3am));
        Assert.Equal("inside time window mon,wed,sat,sun all day UTC (local mon 10:00)", Reason([DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Wednesday], 0, 0, Monday));
        Assert.Equal("outside time window every day 11:00-12:00 UTC (local mon 10:00)", Reason([], 11, 12, Monday));
    }
}
