namespace Latch.Core.Policies;

/// <summary>Which device compliance state a policy applies to.</summary>
public enum DeviceComplianceCondition
{
    /// <summary>No restriction: the condition is not set.</summary>
    Any,
    Compliant,
    NonCompliant,
}

public static class DeviceComplianceConditions
{
    /// <summary>The wire name; <see cref="DeviceComplianceCondition.Any"/> is written by leaving the condition out.</summary>
    public static string WireName(this DeviceComplianceCondition condition) => condition switch
    {
        DeviceComplianceCondition.Any => "any",
        DeviceComplianceCondition.Compliant => "compliant",
        DeviceComplianceCondition.NonCompliant => "nonCompliant",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };

    public static bool TryParse(string? value, out DeviceComplianceCondition condition)
    {
        (var ok, condition) = value switch
        {
            "any" => (true, DeviceComplianceCondition.Any),
            "compliant" => (true, DeviceComplianceCondition.Compliant),
            "nonCompliant" => (true, DeviceComplianceCondition.NonCompliant),
            _ => (false, default),
        };
        return ok;
    }
}
