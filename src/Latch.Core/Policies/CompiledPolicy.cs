namespace Latch.Core.Policies;

/// <summary>
/// One policy reduced to what evaluation compares: bit masks for enumerated conditions, dense indexes for
/// locations and time zones, ticks for the time window. User and resource assignments live in the set's
/// inverted indexes instead. A struct, so the set's policies sit in one contiguous array.
/// </summary>
internal readonly struct CompiledPolicy
{
    public required Policy Source { get; init; }

    /// <summary>The assignments and conditions this policy sets, hence checks.</summary>
    public required PolicyConditionKinds Checked { get; init; }

    /// <summary>Enabled: its verdict counts towards the decision.</summary>
    public required bool Enforced { get; init; }

    /// <summary>Bit <c>1 &lt;&lt; (int)level</c> per allowed level; 0 for no restriction. The same for the masks below.</summary>
    public required byte SignInRiskMask { get; init; }

    public required byte UserRiskMask { get; init; }

    public required byte PlatformMask { get; init; }

    public required byte ClientAppMask { get; init; }

    /// <summary><see cref="FactBits.Compliant"/> or <see cref="FactBits.NonCompliant"/>; 0 for any.</summary>
    public required byte ComplianceMask { get; init; }

    public required bool LocationIncludeAny { get; init; }

    public required bool LocationIncludeTrusted { get; init; }

    public required int[] LocationInclude { get; init; }

    public required bool LocationExcludeTrusted { get; init; }

    public required int[] LocationExclude { get; init; }

    /// <summary>Index into the set's time zones; -1 when the policy has no time window.</summary>
    public required int ZoneIndex { get; init; }

    /// <summary>Bit <c>1 &lt;&lt; (int)DayOfWeek</c> per day; all seven when the policy lists none.</summary>
    public required byte DayMask { get; init; }

    public required long FromTicks { get; init; }

    public required long ToTicks { get; init; }

    public required bool Block { get; init; }

    public required bool NeedsCode { get; init; }

    public required bool NeedsCompliantDevice { get; init; }

    public required GrantOperator Operator { get; init; }

    public required int? CodeTtlSeconds { get; init; }

    public required int? SignInFrequencyMinutes { get; init; }
}
