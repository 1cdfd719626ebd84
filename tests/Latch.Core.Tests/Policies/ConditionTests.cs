using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class ConditionTests
{
    private static Policy With(PolicyConditions conditions) => Policy(conditions: conditions);

    [Fact]
    public void A_policy_without_conditions_checks_only_its_assignments()
    {
        var verdict = Verdict(Policy(), Facts());
        Assert.Equal(PolicyConditionKinds.Users | PolicyConditionKinds.Resources, verdict.Checked);
        Assert.Equal(verdict.Checked, verdict.Matched);
    }

    [Theory]
    [InlineData(RiskLevel.None, false)]
    [InlineData(RiskLevel.Low, false)]
    [InlineData(RiskLevel.Medium, true)]
    [InlineData(RiskLevel.High, true)]
    public void Sign_in_risk_must_be_one_of_the_listed_levels(RiskLevel risk, bool applies)
    {
        var policy = With(new PolicyConditions { SignInRisk = [RiskLevel.Medium, RiskLevel.High] });
        var verdict = Verdict(policy, Facts(signInRisk: risk));
        Assert.Equal(applies, verdict.Applied);
        Assert.Equal(applies ? PolicyConditionKinds.None : PolicyConditionKinds.SignInRisk, verdict.Failed);
    }

    [Fact]
    public void User_risk_is_checked_independently_of_sign_in_risk()
    {
        var policy = With(new PolicyConditions { UserRisk = [RiskLevel.High] });
        Assert.True(Applies(policy, Facts(userRisk: RiskLevel.High, signInRisk: RiskLevel.None)));
        Assert.False(Applies(policy, Facts(userRisk: RiskLevel.Low, signInRisk: RiskLevel.High)));
    }

    [Fact]
    public void Platforms_need_a_device_platform_in_the_list()
    {
        var policy = With(new PolicyConditions { Platforms = [DevicePlatform.iOS, DevicePlatform.Android] });
        Assert.True(Applies(policy, Facts(platform: DevicePlatform.iOS)));
        Assert.False(Applies(policy, Facts(platform: DevicePlatform.Windows)));

        // No device, no platform: the condition cannot match.
        Assert.Equal(PolicyConditionKinds.Platforms, Verdict(policy, Facts(platform: null)).Failed);
    }

    [Fact]
    public void Client_apps_need_a_known_client_in_the_list()
    {
        var policy = With(new PolicyConditions { ClientApps = [ClientApp.Keypad] });
        Assert.True(Applies(policy, Facts(app: ClientApp.Keypad)));
        Assert.False(Applies(policy, Facts(app: ClientApp.Browser)));
        Assert.False(Applies(policy, Facts(app: null)));
    }

    [Theory]
    [InlineData(DeviceComplianceCondition.Any, null, true)]
    [InlineData(DeviceComplianceCondition.Any, false, true)]
    [InlineData(DeviceComplianceCondition.Compliant, true, true)]
    [InlineData(DeviceComplianceCondition.Compliant, false, false)]
    [InlineData(DeviceComplianceCondition.Compliant, null, false)]
    [InlineData(DeviceComplianceCondition.NonCompliant, false, true)]
    [InlineData(DeviceComplianceCondition.NonCompliant, true, false)]
    [InlineData(DeviceComplianceCondition.NonCompliant, null, false)]
    public void Device_compliance_needs_a_known_device_in_that_state(DeviceComplianceCondition condition, bool? compliant, bool applies)
    {
        var policy = With(new PolicyConditions { DeviceCompliance = condition });
        Assert.Equal(applies, Applies(policy, Facts(compliant: compliant)));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("2001:db8::5", true)]
    [InlineData("192.168.1.7", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData(null, false)]
    public void Including_a_named_location_needs_an_IP_inside_it(string? ip, bool applies)
    {
        var policy = With(new PolicyConditions { Locations = new LocationCondition { Include = ["loc_hq"] } });
        Assert.Equal(applies, Applies(policy, Facts(ip: ip)));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("192.168.1.7", false)]
    [InlineData(null, false)]
    public void Trusted_means_any_trusted_named_location(string? ip, bool applies)
    {
        var policy = With(new PolicyConditions { Locations = new LocationCondition { IncludeTrusted = true } });
        Assert.Equal(applies, Applies(policy, Facts(ip: ip)));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("192.168.1.7", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData(null, true)]
    public void Any_location_except_trusted_excludes_trusted_IPs_and_cannot_exclude_a_missing_IP(string? ip, bool applies)
    {
        var policy = With(new PolicyConditions { Locations = new LocationCondition { IncludeAny = true, ExcludeTrusted = true } });
        Assert.Equal(applies, Applies(policy, Facts(ip: ip)));
    }

    [Fact]
    public void A_location_exclusion_wins_over_an_inclusion()
    {
        var policy = With(new PolicyConditions
        {
            Locations = new LocationCondition { IncludeTrusted = true, Include = ["loc_branch"], Exclude = ["loc_vpn"] },
        });
        Assert.True(Applies(policy, Facts(ip: "10.1.2.3")));
        Assert.True(Applies(policy, Facts(ip: "192.168.1.1")));
        Assert.False(Applies(policy, Facts(ip: "172.16.0.1")));
    }

    [Fact]
    public void An_empty_include_reads_as_any_location()
    {
        var policy = With(new PolicyConditions { Locations = new LocationCondition { Exclude = ["loc_branch"] } });
        Assert.True(Applies(policy, Facts(ip: "8.8.8.8")));
        Assert.True(Applies(policy, Facts(ip: null)));
        Assert.False(Applies(policy, Facts(ip: "192.168.1.1")));
    }

    [Fact]
    public void A_location_id_with_no_named_location_matches_nothing()
    {
        var policy = With(new PolicyConditions { Locations = new LocationCondition { Include = ["loc_gone"] } });
        Assert.False(Applies(policy, Facts(ip: "10.1.2.3")));
    }

    [Fact]
    public void Every_failing_condition_is_reported_not_only_the_first()
    {
        var policy = Policy(
            resources: new ResourceAssignment { Include = ["res_other"] },
            conditions: new PolicyConditions { SignInRisk = [RiskLevel.High], Platforms = [DevicePlatform.Linux], ClientApps = [ClientApp.Api] });

        var verdict = Verdict(policy, Facts(platform: DevicePlatform.Linux, app: ClientApp.Browser));

        Assert.Equal(PolicyConditionKinds.Resources | PolicyConditionKinds.SignInRisk | PolicyConditionKinds.ClientApps, verdict.Failed);
        Assert.Equal(PolicyConditionKinds.Users | PolicyConditionKinds.Platforms, verdict.Matched);
    }

    [Fact]
    public void Compiling_refuses_an_unknown_time_zone_or_a_bad_CIDR()
    {
        var badZone = Policy(conditions: new PolicyConditions
        {
            Time = new TimeWindow { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), TimeZoneId = "Mars/Olympus" },
        });
        Assert.Throws<ArgumentException>(() => Set(badZone));
        Assert.Throws<ArgumentException>(() => PolicySet.Compile([], [new NamedLocation("loc_x", "X", ["10.0.0.0/40"], false)]));
    }
}
