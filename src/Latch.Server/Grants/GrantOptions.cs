namespace Latch.Server.Grants;

/// <summary>The <c>Latch:Grants</c> configuration section.</summary>
public sealed class GrantOptions
{
    public const string Section = "Latch:Grants";

    /// <summary>The grants' issuer (<c>iss</c>); relying parties check it.</summary>
    public string Issuer { get; set; } = "latch";
}
