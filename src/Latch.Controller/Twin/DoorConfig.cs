using Latch.Core.Offline;

namespace Latch.Controller.Twin;

/// <summary>The twin's desired configuration: what Latch wants this door's controller to do.</summary>
public sealed record DoorConfig(bool OfflineMode, int CodeLength, int ClockToleranceSeconds, int SyncIntervalSeconds, LockoutPolicy Lockout)
{
    /// <summary>The contract's defaults; also what a controller that never synced uses for its keypad lockout.</summary>
    public static readonly DoorConfig Default = new(false, OfflineCodes.DefaultLength, DoorDefaults.ClockToleranceSeconds, DoorDefaults.SyncIntervalSeconds, LockoutPolicy.Default);

    public TimeSpan ClockTolerance => TimeSpan.FromSeconds(ClockToleranceSeconds);

    public TimeSpan SyncInterval => TimeSpan.FromSeconds(SyncIntervalSeconds);
}
