namespace Latch.Core.Policies;

/// <summary>
/// Lock-out protection (SPEC "Policy semantics": saving a policy that would block every admin is refused unless
/// forced). An admin counts as blocked when some enabled block policy assigns them (not excluded by user or group)
/// and includes all resources. Resource exclusions are ignored because Latch's own admin sign-in is never among
/// them, and conditions are ignored because an admin cannot count on their location, device or risk.
/// </summary>
public static class AdminLockout
{
    /// <summary>Checks <paramref name="policies"/> (the candidate set: stored policies with the change applied).</summary>
    public static AdminLockoutReport Check(IReadOnlyList<Policy> policies, IReadOnlyList<AdminPrincipal> admins)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(admins);
        var blocks = new List<AdminBlock>(admins.Count);
        foreach (var admin in admins)
        {
            string? blockingPolicyId = null;
            foreach (var policy in policies)
            {
                if (BlocksEverywhere(policy.Definition, admin))
                {
                    blockingPolicyId = policy.Id;
                    break;
                }
            }

            blocks.Add(new AdminBlock(admin.UserId, blockingPolicyId));
        }

        // With no admin at all there is no one to lock out: the check passes.
        return new AdminLockoutReport(blocks.Count > 0 && blocks.TrueForAll(b => b.BlockingPolicyId is not null), blocks);
    }

    public static AdminLockoutReport Check(PolicySet set, IReadOnlyList<AdminPrincipal> admins)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Check(set.Policies, admins);
    }

    private static bool BlocksEverywhere(PolicyDefinition d, AdminPrincipal admin)
    {
        if (d.State != PolicyState.Enabled || !d.Grant.Block || !d.Resources.IncludeAll)
        {
            return false;
        }

        var users = d.Users;
        var excluded = users.ExcludeUsers.Contains(admin.UserId, StringComparer.Ordinal)
            || admin.GroupIds.Any(g => users.ExcludeGroups.Contains(g, StringComparer.Ordinal));
        var included = users.IncludeAll
            || users.IncludeUsers.Contains(admin.UserId, StringComparer.Ordinal)
            || admin.GroupIds.Any(g => users.IncludeGroups.Contains(g, StringComparer.Ordinal));
        return included && !excluded;
    }
}
