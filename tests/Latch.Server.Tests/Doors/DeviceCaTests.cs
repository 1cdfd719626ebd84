using Latch.Server.Doors;
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

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
