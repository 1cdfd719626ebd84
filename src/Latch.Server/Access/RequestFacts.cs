using Latch.Core.Policies;

namespace Latch.Server.Access;

/// <summary>
/// Everything the policies read about one request, resolved from the directory and the context. It is also what a
/// sign-in stores, so impact replay re-evaluates exactly what was known at the time.
/// </summary>
public sealed record RequestFacts
{
    public required string UserId { get; init; }
    public required IReadOnlyList<string> GroupIds { get; init; }
    public required string ResourceId { get; init; }
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
    public string? Platform { get; init; }
    public bool? DeviceCompliant { get; init; }
    public string? ClientApp { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string SignInRisk { get; init; }
    public required string UserRisk { get; init; }

    /// <summary>Why the sign-in risk is what it is (e.g. "untrustedNetwork", "newAddress").</summary>
    public IReadOnlyList<string> RiskSignals { get; init; } = [];

    /// <summary>The core's view; valid while this record lives (the group span points into it).</summary>
    public AccessFacts ToAccessFacts() => new()
    {
        UserId = UserId,
        GroupIds = GroupIds is string[] array ? array : [.. GroupIds],
        ResourceId = ResourceId,
        Ip = Ip is null ? null : NetworkAddress.Parse(Ip),
        Platform = DevicePlatforms.TryParse(Platform, out var platform) ? platform : null,
        DeviceCompliant = DeviceCompliant,
        ClientApp = ClientApps.TryParse(ClientApp, out var app) ? app : null,
        SignInRisk = RiskLevels.TryParse(SignInRisk, out var signIn) ? signIn : RiskLevel.None,
        UserRisk = RiskLevels.TryParse(UserRisk, out var user) ? user : RiskLevel.None,
        At = At,
    };
}
