namespace Latch.Server.Tests.Policies;

/// <summary>
/// One row of the scenario table: policies, a request, the expected decision and per-policy verdicts; or, for a
/// request the server must refuse, the expected status and problem code.
/// </summary>
public sealed record PolicyScenario(string Name, PolicySpec[] Policies, ScenarioRequest Request, string Decision, params ExpectedVerdict[] Verdicts)
{
    /// <summary>Directory changes made before the request (e.g. a stored user risk).</summary>
    public Func<PolicyFixture, Task>? Arrange { get; init; }

    /// <summary>Expected problem status; 200 means a decision is expected.</summary>
    public int Status { get; init; } = 200;
    public string? ProblemCode { get; init; }

    /// <summary>The sign-in risk expected in the answer, when the scenario is about it.</summary>
    public string? SignInRisk { get; init; }

    public override string ToString() => Name;
}
