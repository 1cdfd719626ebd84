using System.Globalization;

namespace Latch.Core.Policies;

/// <summary>
/// Turns a verdict into the reasons a sign-in log shows, one per assignment or condition the policy sets, in the
/// order evaluation checks them. Re-derives the detail (which group, which location) from the facts; allocates.
/// </summary>
internal static class PolicyExplainer
{
    public static PolicyExplanation Explain(PolicySet set, in AccessFacts facts, PolicyVerdict verdict)
    {
        ref readonly var compiled = ref set[verdict.PolicyIndex];
        var policy = compiled.Source;
        var d = policy.Definition;
        var c = d.Conditions;
        var reasons = new List<string>
        {
            UserReason(d.Users, facts),
            ResourceReason(d.Resources, facts.ResourceId),
        };
        if (c.SignInRisk.Count > 0)
        {
            reasons.Add(InList("sign-in risk", facts.SignInRisk.WireName(), c.SignInRisk.Contains(facts.SignInRisk), Names(c.SignInRisk, RiskLevels.WireName)));
        }

        if (c.UserRisk.Count > 0)
        {
            reasons.Add(InList("user risk", facts.UserRisk.WireName(), c.UserRisk.Contains(facts.UserRisk), Names(c.UserRisk, RiskLevels.WireName)));
        }

        if (c.Locations is not null)
        {
            reasons.Add(LocationReason(set, compiled, facts.Ip));
        }

        if (c.Platforms.Count > 0)
        {
            var list = Names(c.Platforms, DevicePlatforms.WireName);
            reasons.Add(facts.Platform is { } platform
                ? InList("platform", platform.WireName(), c.Platforms.Contains(platform), list)
                : $"no device platform to match {list}");
        }

        if (c.ClientApps.Count > 0)
        {
            var list = Names(c.ClientApps, ClientApps.WireName);
            reasons.Add(facts.ClientApp is { } app
                ? InList("client app", app.WireName(), c.ClientApps.Contains(app), list)
                : $"no client app to match {list}");
        }

        if (c.DeviceCompliance != DeviceComplianceCondition.Any)
        {
            reasons.Add($"{DeviceState(facts.DeviceCompliant)} (condition: {c.DeviceCompliance.WireName()})");
        }

        if (c.Time is { } time)
        {
            var local = set.LocalTime(compiled, facts.At);
            var inside = PolicySet.TimeMatches(compiled, local);
            reasons.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{(inside ? "inside" : "outside")} time window {Days(time.Days)} {Hours(time)} {time.TimeZoneId} (local {local.DayOfWeek.WireName()} {local:HH:mm})"));
        }

        if (verdict.Applied)
        {
            reasons.Add(GrantReason(d.Grant, facts.DeviceCompliant));
        }

        return new PolicyExplanation(policy.Id, d.Name, d.State, verdict.Applied, verdict.Outcome.WireName(), reasons);
    }

    private static string UserReason(UserAssignment users, in AccessFacts facts)
    {
        // Exclusions win, so they are named first.
        if (users.ExcludeUsers.Contains(facts.UserId, StringComparer.Ordinal))
        {
            return $"user '{facts.UserId}' excluded";
        }

        foreach (var group in facts.GroupIds)
        {
            if (users.ExcludeGroups.Contains(group, StringComparer.Ordinal))
            {
                return $"group '{group}' excluded";
            }
        }

        if (users.IncludeUsers.Contains(facts.UserId, StringComparer.Ordinal))
        {
            return $"user '{facts.UserId}' included";
        }

        foreach (var group in facts.GroupIds)
        {
            if (users.IncludeGroups.Contains(group, StringComparer.Ordinal))
            {
                return $"group '{group}' included";
            }
        }

        return users.IncludeAll ? "user included (all users)" : "user not included";
    }

    private static string ResourceReason(ResourceAssignment resources, string resourceId)
    {
        if (resources.Exclude.Contains(resourceId, StringComparer.Ordinal))
        {
            return $"resource '{resourceId}' excluded";
        }

        if (resources.Include.Contains(resourceId, StringComparer.Ordinal))
        {
            return $"resource '{resourceId}' included";
        }

        return resources.IncludeAll ? "resource included (all resources)" : "resource not included";
    }

    private static string LocationReason(PolicySet set, in CompiledPolicy p, NetworkAddress? ip)
    {
        var table = set.LocationTable;
        if (ip is not { } address)
        {
            return !p.LocationIncludeAny ? "no IP address to match locations"
                : p.LocationExcludeTrusted || p.LocationExclude.Length > 0 ? "location included (any location); no IP address to match exclusions"
                : "location included (any location)";
        }

        var bits = new ulong[table.Words];
        var anyTrusted = table.Resolve(address, bits);
        foreach (var index in p.LocationExclude)
        {
            if (LocationTable.Has(bits, index))
            {
                return $"location '{table.Names[index]}' excluded";
            }
        }

        if (p.LocationExcludeTrusted && anyTrusted)
        {
            return $"location trusted '{FirstTrusted(table, bits)}' excluded";
        }

        if (p.LocationIncludeAny)
        {
            return "location included (any location)";
        }

        foreach (var index in p.LocationInclude)
        {
            if (LocationTable.Has(bits, index))
            {
                return $"location '{table.Names[index]}' matched";
            }
        }

        return p.LocationIncludeTrusted && anyTrusted
            ? $"location trusted '{FirstTrusted(table, bits)}' matched"
            : "location not included";
    }

    private static string FirstTrusted(LocationTable table, ReadOnlySpan<ulong> bits)
    {
        for (var i = 0; i < table.Count; i++)
        {
            if (table.IsTrusted(i) && LocationTable.Has(bits, i))
            {
                return table.Names[i];
            }
        }

        return "";
    }

    private static string GrantReason(GrantControls grant, bool? deviceCompliant)
    {
        if (grant.Block)
        {
            return "grant: block";
        }

        if (grant.Requirements.Count == 0)
        {
            return "grant: none";
        }

        var requirements = grant.Requirements.Distinct().ToList();
        var text = "grant: " + string.Join($" {grant.Operator.WireName()} ", requirements.Select(r => r.WireName()));
        return requirements.Contains(GrantRequirement.RequireCompliantDevice) ? $"{text}; {DeviceState(deviceCompliant)}" : text;
    }

    private static string DeviceState(bool? compliant) => compliant switch
    {
        true => "device compliant",
        false => "device not compliant",
        null => "no device known",
    };

    private static string InList(string what, string value, bool inside, string list) =>
        $"{what} '{value}' {(inside ? "in" : "not in")} {list}";

    private static string Names<T>(IReadOnlyList<T> values, Func<T, string> name) =>
        "[" + string.Join(", ", values.Distinct().Select(name)) + "]";

    private static string Hours(TimeWindow time) =>
        time.From == time.To ? "all day" : string.Create(CultureInfo.InvariantCulture, $"{time.From:HH:mm}-{time.To:HH:mm}");

    /// <summary>Days in week order from Monday; runs of three or more as "mon-fri".</summary>
    private static string Days(IReadOnlyList<DayOfWeek> days)
    {
        var week = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        var set = days.ToHashSet();
        if (set.Count == 0 || set.Count == 7)
        {
            return "every day";
        }

        var parts = new List<string>();
        for (var i = 0; i < week.Length;)
        {
            if (!set.Contains(week[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < week.Length && set.Contains(week[end + 1]))
            {
                end++;
            }

            if (end - i >= 2)
            {
                parts.Add($"{week[i].WireName()}-{week[end].WireName()}");
            }
            else
            {
                parts.AddRange(week[i..(end + 1)].Select(PolicyDays.WireName));
            }

            i = end + 1;
        }

        return string.Join(",", parts);
    }
}
