using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Latch.Server.Doors;
using Latch.Server.Tests.Delivery;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

public sealed class DeviceCaTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "latch-device-ca-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public void The_listener_certificate_is_kept_and_issued_again_before_it_expires()
    {
        var clock = new FakeClock();
        var ca = DeviceCa.LoadOrCreate(_data, clock, ["127.0.0.1"]);

        var first = ca.ServerCertificate;
        Assert.Same(first, ca.ServerCertificate);
        clock.Advance(TimeSpan.FromDays(300));
        Assert.Same(first, ca.ServerCertificate);

        clock.Advance(TimeSpan.FromDays(40)); // 25 days left
        var renewed = ca.ServerCertificate;
        Assert.NotSame(first, renewed);
        Assert.True(renewed.NotAfter > first.NotAfter.AddDays(300));
        Assert.Equal(ca.Certificate.Subject, renewed.Issuer);
    }

    [Fact]
    public async Task A_foreign_certificate_is_refused_without_fetching_the_issuer_it_names()
    {
        await using var issuerHost = await HttpReceiver.StartAsync();
        var ca = DeviceCa.LoadOrCreate(_data, new FakeClock(), ["127.0.0.1"]);
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=not a controller", foreignKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([new Uri(issuerHost.Url, "issuer.cer").ToString()], null));
        using var foreign = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(ca.IsControllerCertificate(foreign));
        Assert.Empty(issuerHost.Requests);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
