using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.Controller.Tests;

/// <summary>A device CA, a server certificate for 127.0.0.1 and a controller certificate issued from a CSR, as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory.CreateDirectory(Folder);

        // One validity for all: a certificate may not outlive its issuer, even by the milliseconds between calls.
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test device CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serverSigned = serverRequest.Create(Ca, notBefore, notAfter, [1]);
        using var serverWithKey = serverSigned.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 so the server's TLS stack gets a key it can use on every platform.
        Server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);

        // The controller's side of enrollment: its own key pair and a CSR; the CA signs the request.
        using var controllerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=dev_1", controllerKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var loaded = CertificateRequest.LoadSigningRequestPem(csr, HashAlgorithmName.SHA256);
        loaded.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var controller = loaded.Create(Ca, notBefore, notAfter, [2]);
        ControllerThumbprint = controller.GetCertHashString(HashAlgorithmName.SHA256);
        File.WriteAllText(ControllerPath, controller.ExportCertificatePem());
        File.WriteAllText(ControllerKeyPath, controllerKey.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "latch-controller-certs", Guid.NewGuid().ToString("n"));

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public string ControllerThumbprint { get; }

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public string ControllerPath => Path.Combine(Folder, "controller.pem");

    public string ControllerKeyPath => Path.Combine(Folder, "controller-key.pem");

    /// <summary>Another CA's certificate, for a controller enrolled somewhere else.</summary>
    public string OtherCaPath()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Another CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Folder, "other-ca.pem");
        File.WriteAllText(path, other.ExportCertificatePem());
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
