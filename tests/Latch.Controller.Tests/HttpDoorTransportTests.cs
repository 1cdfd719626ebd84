using Latch.Controller.State;
using Latch.Controller.Transport;

namespace Latch.Controller.Tests;

/// <summary>
/// The HTTP transport telling "unreachable" apart from an answer: a closed port (real), and the failures only a
/// stand-in can give on demand. What the real server answers is tested against it in
/// tests/Latch.Server.Tests/Doors/ControllerLibrarySuite.cs.
/// </summary>
public sealed class HttpDoorTransportTests : IDisposable
{
    private const string Unlock = "POST /v1/doors/" + TestDoor.DoorId + "/unlock";
    private readonly StandInLatch _standIn = new();

    [Fact]
    public async Task A_closed_port_is_unreachable_and_the_controller_opens_offline()
    {
        using var door = new TestDoor();
        using var transport = new HttpDoorTransport(new ControllerCredential(ClosedPort.Url(), TestDoor.DoorId, DeviceKey: "lk_device"));
        using var controller = door.Controller(transport);

        var sync = await controller.SyncAsync();
        var result = await controller.EnterCodeAsync(door.Code());

        Assert.Equal(SyncStatus.Unreachable, sync.Status);
        Assert.True(Assert.IsType<KeypadResult.Opened>(result).Offline);
    }

    [Fact]
    public async Task A_5xx_or_a_408_is_unreachable_and_a_429_is_a_throttled_deny()
    {
        using var transport = Transport();
        _standIn.Answers[Unlock] = (503, "{}");
        var down = await transport.UnlockAsync("123456789");
        _standIn.Answers[Unlock] = (408, "");
        var timedOut = await transport.UnlockAsync("123456789");
        _standIn.Answers[Unlock] = (429, "");
        var limited = await transport.UnlockAsync("123456789");

        Assert.Equal("HTTP 503", Assert.IsType<Reply<UnlockAnswer>.Unreachable>(down).Why);
        Assert.Equal("HTTP 408", Assert.IsType<Reply<UnlockAnswer>.Unreachable>(timedOut).Why);
        Assert.Equal("throttled", Assert.IsType<Reply<UnlockAnswer>.Answered>(limited).Value.Reason);
        Assert.All(_standIn.Received, r => Assert.Equal("Bearer lk_device", r.Authorization));
        Assert.Equal("123456789", _standIn.Received[0].Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_unreachable_and_the_controller_opens_offline()
    {
        using var door = new TestDoor();
        _standIn.Delay = TimeSpan.FromSeconds(10);
        using var transport = new HttpDoorTransport(new ControllerCredential(_standIn.BaseAddress, TestDoor.DoorId, "dev_1", "lk_device"), timeout: TimeSpan.FromMilliseconds(300));
        using var controller = door.Controller(transport);

        var result = await controller.EnterCodeAsync(door.Code());

        Assert.Equal("timeout", Assert.IsType<Reply<UnlockAnswer>.Unreachable>(await transport.UnlockAsync("123456789")).Why);
        Assert.True(Assert.IsType<KeypadResult.Opened>(result).Offline);
    }

    public void Dispose() => _standIn.Dispose();

    private HttpDoorTransport Transport() => new(new ControllerCredential(_standIn.BaseAddress, TestDoor.DoorId, "dev_1", "lk_device"));
}
