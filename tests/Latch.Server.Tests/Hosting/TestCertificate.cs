using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.Server.Tests.Hosting;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, written as PEM files for a test server.</summary>
public sealed record TestCertificate(string CertificatePath, string KeyPath)
{
    public static TestCertificate Create(string folder, string name = "smtp")
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var paths = new TestCertificate(Path.Combine(folder, $"{name}.crt.pem"), Path.Combine(folder, $"{name}.key.pem"));
        File.WriteAllText(paths.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(paths.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
