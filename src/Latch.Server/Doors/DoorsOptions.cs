namespace Latch.Server.Doors;

/// <summary>The <c>Latch:Doors</c> section: the controllers' mutual-TLS listener.</summary>
public sealed class DoorsOptions
{
    public const string Section = "Latch:Doors";

    /// <summary>
    /// <c>https://HOST:PORT</c> of the listener controllers reach with their client certificate; unset means no mTLS
    /// listener (controllers then use their device key over the ordinary URLs).
    /// </summary>
    public string? MtlsUrl { get; set; }

    /// <summary>Comma-separated DNS names and IP addresses the listener's certificate names, besides the URL's host.</summary>
    public string? MtlsHostNames { get; set; }

    /// <summary>How long a controller certificate signed by the device CA is valid.</summary>
    public int CertificateDays { get; set; } = 365;
}
