using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Latch.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Doors;

/// <summary>
/// Controllers over real mutual TLS: the listener presents a certificate from Latch's device CA, and accepts only
/// client certificates the CA signed and Latch registered for a controller of that door.
/// </summary>
public abstract class DoorMtlsSuite(string store) : DoorTest(store)
{
    protected override Dictionary<string, string?> Settings() => new() { ["Latch:Doors:MtlsUrl"] = "https://127.0.0.1:0" };

    [Fact]
    public async Task A_controller_certificate_opens_its_own_twin_over_mtls_and_nothing_else_does()
    {
        var door = await DoorAsync("Front");
        var other = await DoorAsync("Back");
        var (controllerId, _) = await ControllerAsync(door);
        var (otherId, _) = await ControllerAsync(other);
        var (certificate, ca) = await EnrollAsync(door, controllerId);
        var (otherCertificate, _) = await EnrollAsync(other, otherId);

        using (var client = MtlsClient(certificate, ca))
        {
            var (status, twin) = await new LatchApi(client).SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin");
            Assert.True(status == 200, $"twin answered {status}: {twin}");
            Assert.Equal(controllerId, twin.GetProperty("controllerId").GetString());

            // The certificate is the credential: no key is sent, and an admin call is refused for the device role.
            Assert.Equal(403, (await new LatchApi(client).SendAsync(HttpMethod.Get, "/v1/doors")).Status);
        }

        using (var client = MtlsClient(otherCertificate, ca))
        {
            var (status, problem) = await new LatchApi(client).SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin");
            Assert.Equal(403, status);
            Assert.Equal("latch.door.notYourDoor", Code(problem));
        }

        using var stranger = SelfSigned("CN=" + controllerId, Host.Clock.GetUtcNow());
        using (var client = MtlsClient(stranger, ca))
        {
            Assert.True(await RefusedAsync(client, $"/v1/doors/{door}/twin"), "a certificate not from Latch's CA must be refused");
        }

        // Removing the controller unregisters its certificate at once.
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/doors/{door}/controllers/{controllerId}")).Status);
        using (var client = MtlsClient(certificate, ca))
        {
            Assert.True(await RefusedAsync(client, $"/v1/doors/{door}/twin"), "a removed controller's certificate must be refused");
        }
    }

    [Fact]
    public async Task A_certificate_that_expires_while_its_connection_is_open_stops_working()
    {
        var door = await DoorAsync("Front");
        var (controllerId, _) = await ControllerAsync(door);
        var (certificate, ca) = await EnrollAsync(door, controllerId);
        using var client = MtlsClient(certificate, ca);
        Assert.Equal(200, (await new LatchApi(client).SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin")).Status);

        Host.Clock.Advance(new DateTimeOffset(certificate.NotAfter) - Host.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        // The same connection (the handshake that checked the dates is long past) is refused.
        Assert.Equal(401, (await new LatchApi(client).SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin")).Status);
    }

    private async Task<(X509Certificate2 Certificate, X509Certificate2 Ca)> EnrollAsync(string door, string controllerId)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=whatever-the-controller-asks", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var (status, issued) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{controllerId}/certificate", new { csr });
        Assert.True(status == 201, $"certificate answered {status}: {issued}");
        using var signed = X509Certificate2.CreateFromPem(issued.GetProperty("certificate").GetString()!);
        Assert.Equal("CN=" + controllerId, signed.Subject);
        Assert.Equal(signed.GetCertHashString(HashAlgorithmName.SHA256), issued.GetProperty("thumbprint").GetString());
        using var withKey = signed.CopyWithPrivateKey(key);
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null),
            X509Certificate2.CreateFromPem(issued.GetProperty("caCertificate").GetString()!));
    }

    private HttpClient MtlsClient(X509Certificate2 certificate, X509Certificate2 ca)
    {
        var address = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https", StringComparison.Ordinal));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                // The controller trusts exactly the CA it received at enrollment.
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.VerificationTime = Host.Clock.GetUtcNow().UtcDateTime;
                    return server is X509Certificate2 presented && chain.Build(presented);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(address) };
    }

    private static async Task<bool> RefusedAsync(HttpClient client, string path)
    {
        try
        {
            var (status, _) = await new LatchApi(client).SendAsync(HttpMethod.Get, path);
            return status == 401;
        }
        catch (HttpRequestException)
        {
            return true; // the TLS handshake failed
        }
    }

    private static X509Certificate2 SelfSigned(string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}

public sealed class SqliteDoorMtls() : DoorMtlsSuite("sqlite");

public sealed class PostgresDoorMtls() : DoorMtlsSuite("postgres");
