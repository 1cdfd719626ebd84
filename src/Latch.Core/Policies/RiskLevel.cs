namespace Latch.Core.Policies;

/// <summary>Sign-in or user risk (SPEC "Risk").</summary>
public enum RiskLevel
{
    None,
    Low,
    Medium,
    High,
}

public static class RiskLevels
{
    public static string WireName(this RiskLevel level) => level switch
    {
        RiskLevel.None => "none",
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static bool TryParse(string? value, out RiskLevel level)
    {
        (var ok, level) = value switch
        {
            "none" => (true, RiskLevel.None),
            "low" => (true, RiskLevel.Low),
            "medium" => (true, RiskLevel.Medium),
            "high" => (true, RiskLevel.High),
            _ => (false, default),
        };
        return ok;
    }
}
