using System.Net;
using System.Net.Sockets;

namespace Latch.Controller.Tests;

/// <summary>A loopback port nothing listens on: connecting to it is refused at once, as a Latch that is down refuses.</summary>
internal static class ClosedPort
{
    public static int Number()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Uri Url() => new($"http://127.0.0.1:{Number()}");
}
