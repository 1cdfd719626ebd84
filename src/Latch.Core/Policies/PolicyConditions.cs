namespace Latch.Core.Policies;

/// <summary>
/// The conditions of a policy. Each one left unset (an empty list, null, <see cref="DeviceComplianceCondition.Any"/>)
/// does not restrict (SPEC "Policy document").
/// </summary>
public sealed record PolicyConditions
{
    /// <summary>Sign-in risk levels the policy applies to; empty means any.</summary>
    public IReadOnlyList<RiskLevel> SignInRisk { get; init; } = [];

    /// <summary>User risk levels the policy applies to; empty means any.</summary>
    public IReadOnlyList<RiskLevel> UserRisk { get; init; } = [];

    /// <summary>Named locations the policy applies to; null means any.</summary>
    public LocationCondition? Locations { get; init; }

    /// <summary>Device platforms the policy applies to; empty means any (and no device is needed).</summary>
    public IReadOnlyList<DevicePlatform> Platforms { get; init; } = [];

    /// <summary>Client app kinds the policy applies to; empty means any.</summary>
    public IReadOnlyList<ClientApp> ClientApps { get; init; } = [];

    public DeviceComplianceCondition DeviceCompliance { get; init; } = DeviceComplianceCondition.Any;

    /// <summary>When the policy applies; null means always.</summary>
    public TimeWindow? Time { get; init; }

    public static PolicyConditions None { get; } = new();
}
