namespace Latch.Storage.Doors;

/// <summary>A door's stored configuration and the last event seen at it. Times are Unix milliseconds.</summary>
public sealed class DoorRecord
{
    public long ResourcePk { get; init; }
    public bool OfflineMode { get; init; }
    public int CodeLength { get; init; }
    public int ClockToleranceSeconds { get; init; }
    public int SyncIntervalSeconds { get; init; }
    public int LockoutMaxFailures { get; init; }
    public int LockoutBaseSeconds { get; init; }
    public int LockoutMaxSeconds { get; init; }
    public long UpdatedAt { get; init; }
    public string? LastAction { get; init; }
    public long? LastAt { get; init; }
    public string? LastUserId { get; init; }
}
