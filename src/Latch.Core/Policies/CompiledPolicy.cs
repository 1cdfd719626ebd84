namespace Latch.Core.Policies;

/// <summary>
/// One policy reduced to what evaluation compares: bit masks for enumerated conditions, dense indexes for
/// locations and time zones, ticks for the time window. User and resource assignments live in the set's
/// inverted indexes instead.
/// </summary>
internal sealed class CompiledPolicy
{
    public required Policy Source { get; init; }

    /// <summary>Enabled: its verdict counts towards the decision.</summary>
    public required bool Enforced { get; init; }

    /// <summary>The assignments and conditions this policy sets, hence checks.</summary>
    public required PolicyConditionKinds Checked { get; init; }

    /// <summary>Bit <c>1 &lt;&lt; (int)level</c> per allowed level; 0 for no restriction.</summary>
    public byte SignInRiskMask { get; init; }

    public byte UserRiskMask { get; init; }

    public byte PlatformMask { get; init; }

    public byte ClientAppMask { get; init; }

    public DeviceComplianceCondition Compliance { get; init; }

    public bool LocationIncludeAny { get; init; }

    public bool LocationIncludeTrusted { get; init; }

    public int[] LocationInclude { get; init; } = [];

    public bool LocationExcludeTrusted { get; init; }

    public int[] LocationExclude { get; init; } = [];

    /// <summary>Index into the set's time zones; -1 when the policy has no time window.</summary>
    public int ZoneIndex { get; init; } = -1;

    /// <summary>Bit <c>1 &lt;&lt; (int)DayOfWeek</c> per day; all seven when the policy lists none.</summary>
    public byte DayMask { get; init; }

    public long FromTicks { get; init; }

    public long ToTicks { get; init; }

    public bool Block { get; init; }

    public bool NeedsCode { get; init; }

    public bool NeedsCompliantDevice { get; init; }

    public GrantOperator Operator { get; init; }

    public int? CodeTtlSeconds { get; init; }

    public int? SignInFrequencyMinutes { get; init; }
}
