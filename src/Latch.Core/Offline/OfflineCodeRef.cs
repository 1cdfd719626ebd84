namespace Latch.Core.Offline;

/// <summary>
/// What identifies an offline code without revealing it: the key version, the window and the holder slot. Latch
/// lists revoked codes by reference in the twin; a controller keeps used ones by reference and reports them so.
/// </summary>
public readonly record struct OfflineCodeRef(int KeyVersion, OfflineWindow Window, int Slot)
{
    public override string ToString() => $"v{KeyVersion}/{Window}/s{Slot}";
}
