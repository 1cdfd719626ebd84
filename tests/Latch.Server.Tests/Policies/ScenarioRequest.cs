namespace Latch.Server.Tests.Policies;

/// <summary>An access request as a scenario writes it (<c>@name</c> for directory entries).</summary>
public sealed record ScenarioRequest(string User = "@ada", string Resource = "@door")
{
    public string? Ip { get; init; }
    public string? Device { get; init; }
    public string? ClientApp { get; init; }

    /// <summary>The instant: What-If sends it as context.at; evaluate runs with the server clock set to it.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Simulated risk (What-If only).</summary>
    public string? SignInRisk { get; init; }
    public string? UserRisk { get; init; }

    public bool Simulated => SignInRisk is not null || UserRisk is not null;
}
