namespace Latch.Controller.Tests;

/// <summary>
/// Syncing with Latch down. Syncs with Latch up (the twin kept, the clock reported, the offline log uploaded in order and
/// once) run against the real server in tests/Latch.Server.Tests/Doors/ControllerLibrarySuite.cs.
/// </summary>
public sealed class SyncTests : IDisposable
{
    private readonly TestDoor _door = new();

    [Fact]
    public async Task An_unreachable_Latch_leaves_the_last_twin_in_place()
    {
        using var controller = _door.Controller();

        var result = await controller.SyncAsync();

        Assert.Equal(SyncStatus.Unreachable, result.Status);
        Assert.False(controller.Online);
        Assert.Equal(_door.Twin.Secret!.Version, controller.Twin!.Secret!.Version);
    }

    public void Dispose() => _door.Dispose();
}
