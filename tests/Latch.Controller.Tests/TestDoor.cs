using System.Security.Cryptography;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Controller.Tests;

/// <summary>
/// A door with offline mode on, its secret, and a controller state folder holding a twin as a sync would have left it.
/// Codes are derived here with the same <see cref="OfflineCodes.Derive"/> Latch uses to issue them.
/// </summary>
internal sealed class TestDoor : IDisposable
{
    public const string DoorId = "res_front0000000000000";

    /// <summary>10:20 UTC: inside the 10:00 + 3 h window the tests use.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 20, 0, TimeSpan.Zero);

    public static readonly OfflineWindow Window = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), 3);

    public TestDoor(DoorConfig? config = null)
    {
        Secret = DoorSecret.Generate(1, RandomNumberGenerator.Create());
        Twin = new DoorTwin(DoorId, "dev_sim000000000000000", Start, config ?? DoorConfig.Default with { OfflineMode = true }, Secret, []);
        State = ControllerState.Load(Folder);
        State.SaveCredential(new ControllerCredential(new Uri("http://127.0.0.1:9"), DoorId, Twin.ControllerId, "lk_device"));
        State.SaveTwin(Twin);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "latch-controller-tests", Guid.NewGuid().ToString("n"));

    public DoorSecret Secret { get; }

    public DoorTwin Twin { get; }

    public ControllerState State { get; private set; }

    public FakeTime Clock { get; } = new(Start);

    public string Code(int slot = 0, OfflineWindow? window = null, string doorId = DoorId) =>
        OfflineCodes.Derive(Secret, doorId, Ref(slot, window), Twin.Desired.CodeLength);

    public static OfflineCodeRef Ref(int slot = 0, OfflineWindow? window = null) => new(1, window ?? Window, slot);

    public DoorController Controller(IDoorTransport? transport = null, TimeSpan? clockOffset = null) =>
        new(State, transport ?? new UnreachableLatch(), Clock, new DoorControllerOptions { ClockOffset = clockOffset ?? TimeSpan.Zero });

    /// <summary>A controller that starts again over the same folder, as after a power cut.</summary>
    public DoorController Restarted(IDoorTransport? transport = null)
    {
        State = ControllerState.Load(Folder);
        return Controller(transport);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
