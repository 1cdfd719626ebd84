namespace Latch.Core.Policies;

/// <summary>
/// What is known about one access request, resolved at the edge (directory lookups, IP parsing, risk scoring) so
/// that evaluation only compares. A fact left null is unknown; conditions that need it do not match.
/// </summary>
public readonly ref struct AccessFacts
{
    /// <summary>The user's id (<c>usr_...</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>Ids of every group the user belongs to (<c>grp_...</c>).</summary>
    public ReadOnlySpan<string> GroupIds { get; init; }

    /// <summary>The resource's id (<c>res_...</c>).</summary>
    public required string ResourceId { get; init; }

    /// <summary>The client's IP address, or null when none is known.</summary>
    public NetworkAddress? Ip { get; init; }

    /// <summary>The device's platform, or null when there is no device or its platform is unknown.</summary>
    public DevicePlatform? Platform { get; init; }

    /// <summary>Whether the device is compliant, or null when no device is known.</summary>
    public bool? DeviceCompliant { get; init; }

    public ClientApp? ClientApp { get; init; }

    public RiskLevel SignInRisk { get; init; }

    public RiskLevel UserRisk { get; init; }

    /// <summary>The instant of the request; time windows read it in each policy's time zone.</summary>
    public required DateTimeOffset At { get; init; }
}
