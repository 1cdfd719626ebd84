using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Latch.Server.Hosting;

namespace Latch.Server.Doors;

/// <summary>
/// Latch's own device CA: an ECDSA P-256 key (<c>{data}/keys/device-ca.key</c>, mode 0600) and its self-signed
/// certificate (<c>device-ca.crt</c>), created on first start. It signs controller certificates from their CSRs and the
/// mTLS listener's server certificate, so a controller trusts exactly the CA it received at enrollment. Nodes sharing
/// one PostgreSQL database must share these files, like the key rings.
/// </summary>
internal sealed class DeviceCa
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private readonly ECDsa _key;
    private readonly TimeProvider _clock;
    private static readonly TimeSpan ServerValidity = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private readonly IReadOnlyList<string> _serverNames;
    private readonly Lock _renewal = new();
    private X509Certificate2? _serverCertificate;

    private DeviceCa(ECDsa key, X509Certificate2 certificate, TimeProvider clock, IReadOnlyList<string> serverNames)
    {
        _key = key;
        Certificate = certificate;
        _clock = clock;
        _serverNames = serverNames;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>
    /// The mTLS listener's certificate for the configured names, issued by this CA on first use and again when fewer than
    /// 30 days are left, so a Latch that runs for years never presents an expired one (kept in memory only).
    /// </summary>
    public X509Certificate2 ServerCertificate
    {
        get
        {
            if (_serverCertificate is { } current && !NeedsRenewal(current))
            {
                return current;
            }

            lock (_renewal)
            {
                if (_serverCertificate is null || NeedsRenewal(_serverCertificate))
                {
                    _serverCertificate = IssueServerCertificate(_serverNames);
                }

                return _serverCertificate;
            }
        }
    }

    private bool NeedsRenewal(X509Certificate2 certificate) =>
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) - _clock.GetUtcNow() < RenewBefore;

    public static DeviceCa LoadOrCreate(string dataFolder, TimeProvider clock, IReadOnlyList<string> serverNames)
    {
        var keyPath = Path.Combine(dataFolder, "keys", "device-ca.key");
        var certPath = Path.Combine(dataFolder, "keys", "device-ca.crt");
        if (!File.Exists(keyPath) || !File.Exists(certPath))
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Latch device CA", created, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = clock.GetUtcNow();
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
            PrivateFile.WriteAtomically(keyPath, stream => stream.Write(Encoding.ASCII.GetBytes(created.ExportPkcs8PrivateKeyPem())));
            PrivateFile.WriteAtomically(certPath, stream => stream.Write(Encoding.ASCII.GetBytes(ca.ExportCertificatePem())));
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        return new DeviceCa(key, X509Certificate2.CreateFromPem(File.ReadAllText(certPath)), clock, serverNames);
    }

    /// <summary>
    /// Signs a controller's PKCS#10 request: the CSR's own signature must hold (it proves the controller has the key),
    /// the subject becomes <c>CN={controllerId}</c> whatever the CSR asked, client authentication only.
    /// </summary>
    public X509Certificate2? SignControllerRequest(string csrPem, string controllerId, TimeSpan validity, out string? problem)
    {
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            problem = "csr is not a PEM PKCS#10 certificate request with a valid signature.";
            return null;
        }

        if (csr.PublicKey.Oid.Value is not ("1.2.840.10045.2.1" or "1.2.840.113549.1.1.1"))
        {
            problem = "The CSR's key must be ECDSA or RSA.";
            return null;
        }

        var request = new CertificateRequest(new X500DistinguishedName("CN=" + controllerId), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        problem = null;
        return Issue(request, validity);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (at Latch's clock) and allows client authentication.</summary>
    public bool IsControllerCertificate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // revocation is the registered thumbprint, checked per request
        // The certificate comes from whoever connects, before any authentication: fetching the issuer it names (its AIA
        // address) would let anyone make Latch call a host of their choosing. Latch's own chain is this CA alone.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
    }

    public static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private X509Certificate2 IssueServerCertificate(IReadOnlyList<string> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (names.Count > 0 ? names[0] : "latch"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        using var issued = Issue(request, ServerValidity);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private X509Certificate2 Issue(CertificateRequest request, TimeSpan validity)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = _clock.GetUtcNow();
        var notAfter = now + validity < Certificate.NotAfter ? now + validity : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // RFC 5280 §4.1.2.2: a positive integer
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), notAfter, serial);
    }
}
