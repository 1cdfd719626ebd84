namespace Latch.Core.Policies;

/// <summary>A grant control a policy asks the request to meet.</summary>
public enum GrantRequirement
{
    /// <summary>Met only by answering a challenge with a latch code.</summary>
    RequireCode,

    /// <summary>Met when the request's device is known and compliant; it cannot be met on the spot.</summary>
    RequireCompliantDevice,
}

public static class GrantRequirements
{
    public static string WireName(this GrantRequirement requirement) => requirement switch
    {
        GrantRequirement.RequireCode => "requireCode",
        GrantRequirement.RequireCompliantDevice => "requireCompliantDevice",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, null),
    };

    public static bool TryParse(string? value, out GrantRequirement requirement)
    {
        (var ok, requirement) = value switch
        {
            "requireCode" => (true, GrantRequirement.RequireCode),
            "requireCompliantDevice" => (true, GrantRequirement.RequireCompliantDevice),
            _ => (false, default),
        };
        return ok;
    }
}
