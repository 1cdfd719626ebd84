namespace Latch.Storage.Doors;

/// <summary>The reference of an offline code (key version, window, slot) — never the code. Window start in Unix seconds.</summary>
public sealed record OfflineCodeRow(long DoorPk, int KeyVersion, long WindowStart, int WindowHours, int Slot);

/// <summary>A reference as listed in a twin's revocations.</summary>
public sealed class OfflineRefRecord
{
    public int KeyVersion { get; init; }
    public long WindowStart { get; init; }
    public int WindowHours { get; init; }
    public int Slot { get; init; }
}

/// <summary>The code (and holder) an offline reference names.</summary>
public sealed class OfflineCodeHolder
{
    public long CodePk { get; init; }
    public required string CodeId { get; init; }
    public required string UserId { get; init; }
}

/// <summary>The holder of an active, consumable code found without consuming it (to run policies first).</summary>
public sealed class CodeHolder
{
    public required string CodeId { get; init; }
    public long UserPk { get; init; }
    public required string UserId { get; init; }
}
