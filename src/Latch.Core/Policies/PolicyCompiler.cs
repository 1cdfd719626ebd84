namespace Latch.Core.Policies;

/// <summary>
/// Builds a <see cref="PolicySet"/>: interns every user, group, resource and location id the policies name to a
/// dense index, inverts the assignments (id → policies) and reduces conditions to masks and ticks.
/// </summary>
internal static class PolicyCompiler
{
    public static PolicySet Compile(IReadOnlyList<Policy> policies, IReadOnlyList<NamedLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(locations);

        var referencedLocations = policies
            .Select(p => p.Definition.Conditions.Locations)
            .Where(l => l is not null)
            .SelectMany(l => l!.Include.Concat(l.Exclude));
        var table = new LocationTable(locations, referencedLocations);

        var users = new RefsBuilder();
        var groups = new RefsBuilder();
        var resources = new RefsBuilder();
        var zones = new List<ZoneClock>();
        var template = new byte[policies.Count];
        var compiled = new CompiledPolicy[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var definition = policy.Definition;
            users.Add(definition.Users.IncludeUsers, definition.Users.ExcludeUsers, i);
            groups.Add(definition.Users.IncludeGroups, definition.Users.ExcludeGroups, i);
            resources.Add(definition.Resources.Include, definition.Resources.Exclude, i);
            template[i] = (byte)((definition.Users.IncludeAll ? PolicySet.UserIncluded : 0)
                | (definition.Resources.IncludeAll ? PolicySet.ResourceIncluded : 0));
            compiled[i] = CompilePolicy(policy, table, zones);
        }

        return new PolicySet(policies, locations, compiled, template, users.Build(), groups.Build(), resources.Build(), table, [.. zones]);
    }

    private static CompiledPolicy CompilePolicy(Policy policy, LocationTable table, List<ZoneClock> zones)
    {
        var d = policy.Definition;
        var c = d.Conditions;
        var checkedKinds = PolicyConditionKinds.Users | PolicyConditionKinds.Resources;
        checkedKinds |= c.SignInRisk.Count > 0 ? PolicyConditionKinds.SignInRisk : 0;
        checkedKinds |= c.UserRisk.Count > 0 ? PolicyConditionKinds.UserRisk : 0;
        checkedKinds |= c.Locations is not null ? PolicyConditionKinds.Locations : 0;
        checkedKinds |= c.Platforms.Count > 0 ? PolicyConditionKinds.Platforms : 0;
        checkedKinds |= c.ClientApps.Count > 0 ? PolicyConditionKinds.ClientApps : 0;
        checkedKinds |= c.DeviceCompliance != DeviceComplianceCondition.Any ? PolicyConditionKinds.DeviceCompliance : 0;
        checkedKinds |= c.Time is not null ? PolicyConditionKinds.Time : 0;

        var locations = c.Locations;
        var time = c.Time;
        return new CompiledPolicy
        {
            Source = policy,
            Enforced = d.State == PolicyState.Enabled,
            Checked = checkedKinds,
            SignInRiskMask = Mask(c.SignInRisk),
            UserRiskMask = Mask(c.UserRisk),
            PlatformMask = Mask(c.Platforms),
            ClientAppMask = Mask(c.ClientApps),
            ComplianceMask = c.DeviceCompliance switch
            {
                DeviceComplianceCondition.Compliant => FactBits.Compliant,
                DeviceComplianceCondition.NonCompliant => FactBits.NonCompliant,
                _ => 0,
            },

            // An include naming nothing reads as "any" (SPEC: an empty list does not restrict).
            LocationIncludeAny = locations is not null
                && (locations.IncludeAny || (!locations.IncludeTrusted && locations.Include.Count == 0)),
            LocationIncludeTrusted = locations?.IncludeTrusted ?? false,
            LocationInclude = locations is null ? [] : [.. locations.Include.Distinct().Select(table.IndexOf)],
            LocationExcludeTrusted = locations?.ExcludeTrusted ?? false,
            LocationExclude = locations is null ? [] : [.. locations.Exclude.Distinct().Select(table.IndexOf)],
            ZoneIndex = time is null ? -1 : ZoneIndex(policy, time.TimeZoneId, zones),
            DayMask = time is null || time.Days.Count == 0 ? (byte)0x7F : Mask(time.Days),
            FromTicks = time?.From.Ticks ?? 0,
            ToTicks = time?.To.Ticks ?? 0,
            Block = d.Grant.Block,
            NeedsCode = d.Grant.Requirements.Contains(GrantRequirement.RequireCode),
            NeedsCompliantDevice = d.Grant.Requirements.Contains(GrantRequirement.RequireCompliantDevice),
            Operator = d.Grant.Operator,
            CodeTtlSeconds = d.Session.CodeTtlSeconds,
            SignInFrequencyMinutes = d.Session.SignInFrequencyMinutes,
        };
    }

    private static byte Mask<T>(IReadOnlyList<T> values)
        where T : struct, Enum
    {
        var mask = 0;
        foreach (var value in values)
        {
            mask |= 1 << Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return (byte)mask;
    }

    private static int ZoneIndex(Policy policy, string zoneId, List<ZoneClock> zones)
    {
        for (var i = 0; i < zones.Count; i++)
        {
            if (string.Equals(zones[i].Zone.Id, zoneId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        // Misconfiguration, not an outcome: the server validates zones when a policy is saved.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new ArgumentException($"Policy '{policy.Id}' names an unknown time zone '{zoneId}'.", nameof(policy));
        }

        zones.Add(ZoneClock.For(zone));
        return zones.Count - 1;
    }

    private sealed class RefsBuilder
    {
        private readonly Dictionary<string, (List<int> Include, List<int> Exclude)> _refs = new(StringComparer.Ordinal);

        public void Add(IReadOnlyList<string> include, IReadOnlyList<string> exclude, int policyIndex)
        {
            foreach (var id in include.Distinct(StringComparer.Ordinal))
            {
                Get(id).Include.Add(policyIndex);
            }

            foreach (var id in exclude.Distinct(StringComparer.Ordinal))
            {
                Get(id).Exclude.Add(policyIndex);
            }
        }

        public Dictionary<string, PolicyRefs> Build() => _refs.ToDictionary(
            kv => kv.Key,
            kv => new PolicyRefs([.. kv.Value.Include], [.. kv.Value.Exclude]),
            StringComparer.Ordinal);

        private (List<int> Include, List<int> Exclude) Get(string id)
        {
            if (!_refs.TryGetValue(id, out var refs))
            {
                refs = ([], []);
                _refs.Add(id, refs);
            }

            return refs;
        }
    }
}
