namespace Latch.Core.Offline;

/// <summary>The twin settings a door has until an admin changes them; Latch and its controllers start from the same ones.</summary>
public static class DoorDefaults
{
    /// <summary>How far a controller's clock may be off and still accept a code (the T of docs/offline-codes.md).</summary>
    public const int ClockToleranceSeconds = 120;

    public const int SyncIntervalSeconds = 60;
}
