using System.Buffers;
using System.Runtime.CompilerServices;

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

    internal ref readonly CompiledPolicy this[int index] => ref _policies[index];

    /// <summary>Compiles policies and the named locations they refer to. Throws on an invalid CIDR or time zone.</summary>
    public static PolicySet Compile(IReadOnlyList<Policy> policies, IReadOnlyList<NamedLocation> locations) =>
        PolicyCompiler.Compile(policies, locations);

    /// <summary>
    /// The first named location containing <paramref name="ip"/>, only trusted ones when <paramref name="trustedOnly"/>;
    /// null when none does. Uses the ranges parsed at compile time.
    /// </summary>
    public NamedLocation? LocationContaining(NetworkAddress ip, bool trustedOnly = false) =>
        LocationTable.FirstContaining(ip, trustedOnly) is var index and >= 0 && index < Locations.Count ? Locations[index] : null;

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

            // Local day and time of day per distinct zone, packed as day << 40 | ticks, computed the first time a policy
            // needs it (-1: not yet). Bounded by the number of IANA zones (a few hundred), so the stack always fits it.
            Span<long> localTimes = stackalloc long[_zones.Length];
            localTimes.Fill(-1);

            var bits = new FactBits(facts);
            var aggregate = new DecisionAggregate();
            for (var i = 0; i < n; i++)
            {
                ref readonly var policy = ref _policies[i];
                var failed = Check(policy, marks[i], bits);
                if ((policy.Checked & (PolicyConditionKinds.Locations | PolicyConditionKinds.Time)) != 0)
                {
                    failed |= CheckLocationAndTime(policy, facts.At, hasIp, anyTrusted, locationBits, localTimes);
                }

                var outcome = failed == PolicyConditionKinds.None ? Grant(policy, bits.Device == FactBits.Compliant) : PolicyOutcome.NotApplied;
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
    internal DateTime LocalTime(in CompiledPolicy policy, DateTimeOffset at) =>
        _zones[policy.ZoneIndex].ToLocal(at.UtcDateTime);

    internal static bool TimeMatches(in CompiledPolicy policy, DateTime local) =>
        TimeMatches(policy, (int)local.DayOfWeek, local.TimeOfDay.Ticks);

    /// <summary>Whether a local <paramref name="day"/> and time of day (<paramref name="tod"/>, ticks) is inside the policy's window.</summary>
    internal static bool TimeMatches(in CompiledPolicy policy, int day, long tod)
    {
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

    internal static bool LocationMatches(in CompiledPolicy policy, bool hasIp, bool anyTrusted, ReadOnlySpan<ulong> locationBits)
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

    /// <summary>
    /// SPEC "Policy semantics": a policy applies when all its assignments and conditions match. Every condition is
    /// checked (not only up to the first failure) so the log can say which matched and which failed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PolicyConditionKinds Check(in CompiledPolicy p, byte marks, in FactBits bits)
    {
        var failed = PolicyConditionKinds.None;

        // 1. Users and resources: included and not excluded (exclusions win).
        failed |= (marks & (UserIncluded | UserExcluded)) != UserIncluded ? PolicyConditionKinds.Users : 0;
        failed |= (marks & (ResourceIncluded | ResourceExcluded)) != ResourceIncluded ? PolicyConditionKinds.Resources : 0;

        // 2. Risk is always known (none at least). 3. Platform, client app and device compliance need a known
        // device or client: a condition that needs a fact the request lacks does not match.
        failed |= FactBits.Fails(p.SignInRiskMask, bits.SignInRisk) ? PolicyConditionKinds.SignInRisk : 0;
        failed |= FactBits.Fails(p.UserRiskMask, bits.UserRisk) ? PolicyConditionKinds.UserRisk : 0;
        failed |= FactBits.Fails(p.PlatformMask, bits.Platform) ? PolicyConditionKinds.Platforms : 0;
        failed |= FactBits.Fails(p.ClientAppMask, bits.ClientApp) ? PolicyConditionKinds.ClientApps : 0;
        failed |= FactBits.Fails(p.ComplianceMask, bits.Device) ? PolicyConditionKinds.DeviceCompliance : 0;
        return failed;
    }

    private PolicyConditionKinds CheckLocationAndTime(
        in CompiledPolicy p, DateTimeOffset at, bool hasIp, bool anyTrusted, ReadOnlySpan<ulong> locationBits, Span<long> localTimes)
    {
        var failed = PolicyConditionKinds.None;

        // 4. Locations.
        if ((p.Checked & PolicyConditionKinds.Locations) != 0 && !LocationMatches(p, hasIp, anyTrusted, locationBits))
        {
            failed |= PolicyConditionKinds.Locations;
        }

        // 5. Time: local time derives from the UTC instant, so DST gaps and overlaps need no special case.
        if (p.ZoneIndex >= 0)
        {
            ref var packed = ref localTimes[p.ZoneIndex];
            if (packed < 0)
            {
                var local = _zones[p.ZoneIndex].ToLocal(at.UtcDateTime);
                packed = ((long)local.DayOfWeek << 40) | local.TimeOfDay.Ticks;
            }

            if (!TimeMatches(p, (int)(packed >> 40), packed & ((1L << 40) - 1)))
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
    internal static PolicyOutcome Grant(in CompiledPolicy p, bool deviceCompliant)
    {
        if (p.Block)
        {
            return PolicyOutcome.Block;
        }

        var deviceMet = deviceCompliant;
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
