using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class AdminLockoutTests
{
    private static readonly AdminPrincipal Alice = new("usr_alice", ["grp_admins"]);
    private static readonly AdminPrincipal Bob = new("usr_bob", ["grp_admins", "grp_breakglass"]);

    [Fact]
    public void A_block_for_all_users_on_all_resources_locks_every_admin_out_whatever_its_conditions()
    {
        var policy = Policy("pol_block", grant: GrantControls.BlockAccess, conditions: new PolicyConditions
        {
            SignInRisk = [RiskLevel.High],
            Locations = new LocationCondition { IncludeAny = true, ExcludeTrusted = true },
        });

        var report = AdminLockout.Check([policy], [Alice, Bob]);

        Assert.True(report.AllAdminsBlocked);
        Assert.Equal([new AdminBlock("usr_alice", "pol_block"), new AdminBlock("usr_bob", "pol_block")], report.Admins);
    }

    [Fact]
    public void One_admin_left_out_by_a_group_exclusion_keeps_the_door_open()
    {
        var policy = Policy("pol_block", grant: GrantControls.BlockAccess, users: new UserAssignment { IncludeGroups = ["grp_admins"], ExcludeGroups = ["grp_breakglass"] });

        var report = AdminLockout.Check([policy], [Alice, Bob]);

        Assert.False(report.AllAdminsBlocked);
        Assert.Equal("pol_block", report.Admins[0].BlockingPolicyId);
        Assert.Null(report.Admins[1].BlockingPolicyId);
    }

    [Fact]
    public void Different_policies_can_block_different_admins()
    {
        var report = AdminLockout.Check(
            [
                Policy("pol_a", grant: GrantControls.BlockAccess, users: new UserAssignment { IncludeUsers = ["usr_alice"] }),
                Policy("pol_b", grant: GrantControls.BlockAccess, users: new UserAssignment { IncludeGroups = ["grp_breakglass"] }),
            ],
            [Alice, Bob]);

        Assert.True(report.AllAdminsBlocked);
        Assert.Equal(["pol_a", "pol_b"], report.Admins.Select(a => a.BlockingPolicyId));
    }

    [Fact]
    public void Only_enabled_block_policies_on_all_resources_count()
    {
        Policy[] harmless =
        [
            Policy("pol_report", PolicyState.ReportOnly, grant: GrantControls.BlockAccess),
            Policy("pol_disabled", PolicyState.Disabled, grant: GrantControls.BlockAccess),
            Policy("pol_code", grant: Requires(GrantOperator.And, GrantRequirement.RequireCode)),
            Policy("pol_one_resource", grant: GrantControls.BlockAccess, resources: new ResourceAssignment { Include = ["res_door"] }),
        ];

        Assert.False(AdminLockout.Check(harmless, [Alice]).AllAdminsBlocked);
    }

    [Fact]
    public void Resource_exclusions_do_not_save_an_admin()
    {
        var policy = Policy("pol_block", grant: GrantControls.BlockAccess, resources: new ResourceAssignment { IncludeAll = true, Exclude = ["res_door"] });
        Assert.True(AdminLockout.Check(Set(policy), [Alice]).AllAdminsBlocked);
    }

    [Fact]
    public void With_no_admins_nobody_is_locked_out()
    {
        Assert.False(AdminLockout.Check([Policy(grant: GrantControls.BlockAccess)], []).AllAdminsBlocked);
    }
}
