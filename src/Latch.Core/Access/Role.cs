namespace Latch.Core.Access;

/// <summary>What an API key may do (SPEC "Public contract").</summary>
public enum Role
{
    Admin,
    Operator,
    Auditor,

    /// <summary>A relying party: evaluates access, verifies codes.</summary>
    App,

    /// <summary>A door controller or other device: verifies codes for its resource.</summary>
    Device,
}

public static class Roles
{
    public static string WireName(this Role role) => role switch
    {
        Role.Admin => "admin",
        Role.Operator => "operator",
        Role.Auditor => "auditor",
        Role.App => "app",
        Role.Device => "device",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? value, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(candidate.WireName(), value, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
