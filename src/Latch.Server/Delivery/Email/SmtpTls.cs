using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// How the email channel checks the mail server's certificate: the system's roots, or only the certificates of
/// <c>Delivery:Smtp:TrustedCertificate</c>. Either way the chain and the host name must hold: there is no switch to
/// turn validation off.
/// </summary>
internal sealed class SmtpTls(X509Certificate2Collection? trusted)
{
    public static SmtpTls From(SmtpOptions options) =>
        new(options.TrustedCertificate is { } path ? LoadTrusted(path) : null);

    /// <summary>Every certificate in a PEM file; throws when there is none.</summary>
    public static X509Certificate2Collection LoadTrusted(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("the file holds no CERTIFICATE block.");
    }

    /// <summary>Fresh options for one handshake with <paramref name="host"/> (the name the certificate must carry).</summary>
    public SslClientAuthenticationOptions ClientOptions(string host)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (trusted is not null)
        {
            // No revocation check, as SslStream does by default with the system's roots (private CAs seldom publish CRLs).
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(trusted);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }
}
