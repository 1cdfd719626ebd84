namespace Latch.Core.Policies;

/// <summary>Whether a policy is enforced (SPEC "Policy semantics").</summary>
public enum PolicyState
{
    Enabled,

    /// <summary>Evaluated and logged with the verdict it would have given, never enforced.</summary>
    ReportOnly,

    /// <summary>Evaluated for the log like report-only, never enforced.</summary>
    Disabled,
}

public static class PolicyStates
{
    public static string WireName(this PolicyState state) => state switch
    {
        PolicyState.Enabled => "enabled",
        PolicyState.ReportOnly => "reportOnly",
        PolicyState.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string? value, out PolicyState state)
    {
        (var ok, state) = value switch
        {
            "enabled" => (true, PolicyState.Enabled),
            "reportOnly" => (true, PolicyState.ReportOnly),
            "disabled" => (true, PolicyState.Disabled),
            _ => (false, default),
        };
        return ok;
    }
}
