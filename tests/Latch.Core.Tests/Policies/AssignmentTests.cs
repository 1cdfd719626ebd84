using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class AssignmentTests
{
    [Fact]
    public void All_users_includes_anyone()
    {
        Assert.True(Applies(Policy(), Facts(userId: "usr_anyone")));
    }

    [Fact]
    public void A_user_is_included_by_id_or_by_one_of_their_groups()
    {
        var byUser = Policy(users: new UserAssignment { IncludeUsers = ["usr_a"] });
        var byGroup = Policy(users: new UserAssignment { IncludeGroups = ["grp_ops"] });

        Assert.True(Applies(byUser, Facts(userId: "usr_a")));
        Assert.False(Applies(byUser, Facts(userId: "usr_b")));
        Assert.True(Applies(byGroup, Facts(userId: "usr_b", groups: ["grp_x", "grp_ops"])));
        Assert.False(Applies(byGroup, Facts(userId: "usr_b", groups: ["grp_x"])));
    }

    [Fact]
    public void A_policy_that_includes_nobody_applies_to_nobody()
    {
        Assert.False(Applies(Policy(users: new UserAssignment()), Facts()));
    }

    [Fact]
    public void User_and_group_exclusions_win_over_every_inclusion()
    {
        var policy = Policy(users: new UserAssignment
        {
            IncludeAll = true,
            IncludeUsers = ["usr_a"],
            IncludeGroups = ["grp_ops"],
            ExcludeUsers = ["usr_a"],
            ExcludeGroups = ["grp_contractors"],
        });

        var excludedById = Verdict(policy, Facts(userId: "usr_a", groups: ["grp_ops"]));
        Assert.False(excludedById.Applied);
        Assert.Equal(PolicyConditionKinds.Users, excludedById.Failed);
        Assert.False(Applies(policy, Facts(userId: "usr_b", groups: ["grp_ops", "grp_contractors"])));
        Assert.True(Applies(policy, Facts(userId: "usr_b", groups: ["grp_ops"])));
    }

    [Fact]
    public void Resources_are_included_by_id_or_all_and_exclusions_win()
    {
        var one = Policy(resources: new ResourceAssignment { Include = ["res_door"] });
        var allButVault = Policy(resources: new ResourceAssignment { IncludeAll = true, Exclude = ["res_vault"] });

        Assert.True(Applies(one, Facts(resourceId: "res_door")));
        var other = Verdict(one, Facts(resourceId: "res_app"));
        Assert.Equal(PolicyConditionKinds.Resources, other.Failed);
        Assert.True(Applies(allButVault, Facts(resourceId: "res_app")));
        Assert.False(Applies(allButVault, Facts(resourceId: "res_vault")));
    }

    [Fact]
    public void Assignments_are_tracked_per_policy_in_a_set()
    {
        var set = Set(
            Policy("pol_a", users: new UserAssignment { IncludeUsers = ["usr_a"] }),
            Policy("pol_b", users: new UserAssignment { IncludeGroups = ["grp_ops"] }, resources: new ResourceAssignment { Include = ["res_door"] }),
            Policy("pol_c", users: new UserAssignment { IncludeAll = true, ExcludeGroups = ["grp_ops"] }));

        var (_, verdicts) = Run(set, Facts(userId: "usr_a", groups: ["grp_ops"], resourceId: "res_door"));

        Assert.Equal([true, true, false], verdicts.Select(v => v.Applied));
        Assert.Equal([0, 1, 2], verdicts.Select(v => v.PolicyIndex));
    }
}
