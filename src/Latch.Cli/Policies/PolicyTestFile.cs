namespace Latch.Cli.Policies;

/// <summary>A <c>latch policy test</c> file: <c>cases:</c>, each a What-If request and the decision it must get.</summary>
internal sealed record PolicyTestFile
{
    public List<PolicyTestCase>? Cases { get; init; }
}

internal sealed record PolicyTestCase
{
    public string? Name { get; init; }
    public string? UserId { get; init; }
    public string? ResourceId { get; init; }
    public PolicyTestContext? Context { get; init; }

    /// <summary>allow, block or challenge.</summary>
    public string? Expect { get; init; }

    /// <summary>Policies (by id or name) that must apply.</summary>
    public List<string>? ExpectApplied { get; init; }
}

/// <summary>What-If's context; every value is passed on as written (the server checks them).</summary>
internal sealed record PolicyTestContext
{
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
    public string? ClientApp { get; init; }
    public string? At { get; init; }
    public string? SignInRisk { get; init; }
    public string? UserRisk { get; init; }
}
