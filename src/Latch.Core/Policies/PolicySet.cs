using System.Buffers;

namespace Latch.Core.Policies;

/// <summary>
/// An immutable, compiled set of policies and named locations, built once per change with <see cref="Compile"/> and
/// shared by every request. <see cref="Evaluate"/> allocates nothing and is safe to call from many threads.
/// </summary>
public sealed class PolicySet
{
    // Per-request marks, one byte per policy, from the inverted user/group/resource indexes.
    internal const byte UserIncluded = 1;
    internal const byte UserExcluded = 2;
    internal const byte ResourceIncluded = 4;
    internal const byte ResourceExcluded = 8;

    // Larger scratch spaces come from the shared pool instead of the stack.
    private const int MaxStackBytes = 1024;
    private const int MaxStackWords = 64;

    private readonly CompiledPolicy[] _policies;
    private readonly byte[] _template;
    private readonly Dictionary<string, PolicyRefs> _users;
    private readonly Dictionary<string, PolicyRefs> _groups;
    private readonly Dictionary<string, PolicyRefs> _resources;
    private readonly ZoneClock[] _zones;

    internal PolicySet(
        IReadOnlyList<Policy> policies,
        IReadOnlyList<NamedLocation> locations,
        CompiledPolicy[] compiled,
        byte[] template,
        Dictionary<string, PolicyRefs> users,
        Dictionary<string, PolicyRefs> groups,
        Dictionary<string, PolicyRefs> resources,
        LocationTable locationTable,
        ZoneClock[] zones)
    {
        Policies = policies;
        Locations = locations;
        _policies = compiled;
        _template = template;
        _users = users;
        _groups = groups;
        _resources = resources;
        LocationTable = locationTable;
        _zones = zones;
    }

    public static PolicySet Empty { get; } = Compile([], []);

    /// <summary>The policies, in the order verdicts are reported.</summary>
    public IReadOnlyList<Policy> Policies { get; }

    public IReadOnlyList<NamedLocation> Locations { get; }

    public int Count => _policies.Length;

    internal LocationTable LocationTable { get; }

    internal CompiledPolicy this[int index] => _policies[index];

    /// <summary>Compiles policies and the named locations they refer to. Throws on an invalid CIDR or time zone.</summary>
    public static PolicySet Compile(IReadOnlyList<Policy> policies, IReadOnlyList<NamedLocation> locations) =>
        PolicyCompiler.Compile(policies, locations);

    /// <summary>
    /// Evaluates every policy against <paramref name="facts"/>, writes one verdict per policy into
    /// <paramref name="verdicts"/> (at least <see cref="Count"/> long) and returns the enforced decision.
    /// </summary>
    public Decision Evaluate(in AccessFacts facts, Span<PolicyVerdict> verdicts)
    {
        var n = _policies.Length;
        if (verdicts.Length < n)
        {
            ThrowVerdictsTooShort(n, nameof(verdicts));
        }

        byte[]? rentedMarks = null;
        ulong[]? rentedBits = null;
        try
        {
            var marks = n <= MaxStackBytes ? stackalloc byte[n] : (rentedMarks = ArrayPool<byte>.Shared.Rent(n)).AsSpan(0, n);
            MarkAssignments(facts, marks);

            // Resolve the IP against every named location once; policies then test bits.
            var words = LocationTable.Words;
            var locationBits = words <= MaxStackWords ? stackalloc ulong[words] : (rentedBits = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
            var hasIp = facts.Ip.HasValue;
            var anyTrusted = hasIp && LocationTable.Resolve(facts.Ip.GetValueOrDefault(), locationBits);

            // Local time per distinct zone, computed the first time a policy needs it (-1: not yet). Bounded by the
            // number of IANA zones (a few hundred), so the stack always fits it.
            Span<long> localTicks = stackalloc long[_zones.Length];
            localTicks.Fill(-1);

            var aggregate = new DecisionAggregate();
            for (var i = 0; i < n; i++)
            {
                var policy = _policies[i];
                var failed = Check(policy, facts, marks[i], hasIp, anyTrusted, locationBits, localTicks);
                var outcome = failed == PolicyConditionKinds.None ? Grant(policy, facts.DeviceCompliant) : PolicyOutcome.NotApplied;
                verdicts[i] = new PolicyVerdict(i, outcome, policy.Checked, failed);
                if (policy.Enforced && outcome != PolicyOutcome.NotApplied)
                {
                    aggregate.Add(i, policy, outcome);
                }
            }

            return aggregate.ToDecision();
        }
        finally
        {
            if (rentedMarks is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedMarks);
            }

            if (rentedBits is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedBits);
            }
        }
    }

    /// <summary>The reasons behind one verdict, for the sign-in log and What-If (allocates; off the hot path).</summary>
    public PolicyExplanation Explain(in AccessFacts facts, PolicyVerdict verdict) =>
        PolicyExplainer.Explain(this, facts, verdict);

    /// <summary>The local time of <paramref name="at"/> in a policy's zone, as the time condition sees it.</summary>
    internal DateTime LocalTime(CompiledPolicy policy, DateTimeOffset at) =>
        _zones[policy.ZoneIndex].ToLocal(at.UtcDateTime);

    internal static bool TimeMatches(CompiledPolicy policy, DateTime local)
    {
        var day = (int)local.DayOfWeek;
        var tod = local.TimeOfDay.Ticks;
        if (policy.FromTicks == policy.ToTicks)
        {
            return (policy.DayMask & (1 << day)) != 0;
        }

        if (policy.FromTicks < policy.ToTicks)
        {
            return tod >= policy.FromTicks && tod < policy.ToTicks && (policy.DayMask & (1 << day)) != 0;
        }

        // Overnight (From > To): the hours after midnight belong to the window that opened the previous day.
        if (tod >= policy.FromTicks)
        {
            return (policy.DayMask & (1 << day)) != 0;
        }

        var previous = (day + 6) % 7;
        return tod < policy.ToTicks && (policy.DayMask & (1 << previous)) != 0;
    }

    internal static bool LocationMatches(CompiledPolicy policy, bool hasIp, bool anyTrusted, ReadOnlySpan<ulong> locationBits)
    {
        // Without an IP, only "any" includes the request (a named or trusted location cannot be shown), and
        // exclusions cannot be shown either, so they do not exclude.
        if (!hasIp)
        {
            return policy.LocationIncludeAny;
        }

        var included = policy.LocationIncludeAny
            || (policy.LocationIncludeTrusted && anyTrusted)
            || AnyBit(policy.LocationInclude, locationBits);
        var excluded = (policy.LocationExcludeTrusted && anyTrusted) || AnyBit(policy.LocationExclude, locationBits);
        return included && !excluded;
    }

    private void MarkAssignments(in AccessFacts facts, Span<byte> marks)
    {
        _template.CopyTo(marks);
        if (_users.TryGetValue(facts.UserId, out var refs))
        {
            Mark(refs, marks, UserIncluded, UserExcluded);
        }

        foreach (var group in facts.GroupIds)
        {
            if (_groups.TryGetValue(group, out refs))
            {
                Mark(refs, marks, UserIncluded, UserExcluded);
            }
        }

        if (_resources.TryGetValue(facts.ResourceId, out refs))
        {
            Mark(refs, marks, ResourceIncluded, ResourceExcluded);
        }
    }

    private static void Mark(PolicyRefs refs, Span<byte> marks, byte include, byte exclude)
    {
        foreach (var i in refs.Include)
        {
            marks[i] |= include;
        }

        foreach (var i in refs.Exclude)
        {
            marks[i] |= exclude;
        }
    }

    /// <summary>SPEC "Policy semantics": a policy applies when all its assignments and conditions match.</summary>
    private PolicyConditionKinds Check(
        CompiledPolicy p, in AccessFacts facts, byte marks, bool hasIp, bool anyTrusted, ReadOnlySpan<ulong> locationBits, Span<long> localTicks)
    {
        var failed = PolicyConditionKinds.None;

        // 1. Users and resources: included and not excluded (exclusions win).
        if ((marks & UserIncluded) == 0 || (marks & UserExcluded) != 0)
        {
            failed |= PolicyConditionKinds.Users;
        }

        if ((marks & ResourceIncluded) == 0 || (marks & ResourceExcluded) != 0)
        {
            failed |= PolicyConditionKinds.Resources;
        }

        // 2. Risk: always known (none at least).
        if (p.SignInRiskMask != 0 && (p.SignInRiskMask & (1 << (int)facts.SignInRisk)) == 0)
        {
            failed |= PolicyConditionKinds.SignInRisk;
        }

        if (p.UserRiskMask != 0 && (p.UserRiskMask & (1 << (int)facts.UserRisk)) == 0)
        {
            failed |= PolicyConditionKinds.UserRisk;
        }

        // 3. Locations.
        if ((p.Checked & PolicyConditionKinds.Locations) != 0 && !LocationMatches(p, hasIp, anyTrusted, locationBits))
        {
            failed |= PolicyConditionKinds.Locations;
        }

        // 4. Device and client: a condition that needs a fact the request lacks does not match.
        if (p.PlatformMask != 0 && (facts.Platform is not { } platform || (p.PlatformMask & (1 << (int)platform)) == 0))
        {
            failed |= PolicyConditionKinds.Platforms;
        }

        if (p.ClientAppMask != 0 && (facts.ClientApp is not { } app || (p.ClientAppMask & (1 << (int)app)) == 0))
        {
            failed |= PolicyConditionKinds.ClientApps;
        }

        if (p.Compliance == DeviceComplianceCondition.Compliant ? facts.DeviceCompliant != true
            : p.Compliance == DeviceComplianceCondition.NonCompliant && facts.DeviceCompliant != false)
        {
            failed |= PolicyConditionKinds.DeviceCompliance;
        }

        // 5. Time: local time derives from the UTC instant, so DST gaps and overlaps need no special case.
        if (p.ZoneIndex >= 0)
        {
            ref var ticks = ref localTicks[p.ZoneIndex];
            if (ticks < 0)
            {
                ticks = LocalTime(p, facts.At).Ticks;
            }

            if (!TimeMatches(p, new DateTime(ticks, DateTimeKind.Unspecified)))
            {
                failed |= PolicyConditionKinds.Time;
            }
        }

        return failed;
    }

    /// <summary>
    /// The grant of an applying policy. <c>requireCompliantDevice</c> is met iff the device is known and compliant and
    /// cannot be met on the spot; <c>requireCode</c> is met only by answering a challenge.
    /// </summary>
    internal static PolicyOutcome Grant(CompiledPolicy p, bool? deviceCompliant)
    {
        if (p.Block)
        {
            return PolicyOutcome.Block;
        }

        var deviceMet = deviceCompliant == true;
        if (p.Operator == GrantOperator.Or && p.NeedsCompliantDevice && p.NeedsCode)
        {
            return deviceMet ? PolicyOutcome.Satisfied : PolicyOutcome.RequiresCode;
        }

        if (p.NeedsCompliantDevice && !deviceMet)
        {
            return PolicyOutcome.Unsatisfiable;
        }

        return p.NeedsCode ? PolicyOutcome.RequiresCode : PolicyOutcome.Satisfied;
    }

    private static bool AnyBit(int[] indexes, ReadOnlySpan<ulong> bits)
    {
        foreach (var index in indexes)
        {
            if (LocationTable.Has(bits, index))
            {
                return true;
            }
        }

        return false;
    }

    private static void ThrowVerdictsTooShort(int count, string paramName) =>
        throw new ArgumentException($"The verdict span must hold at least {count} verdicts.", paramName);
}
