namespace Latch.Storage.Doors;

/// <summary>A door controller: the device bound to one door, its credentials and what it last reported. Times are Unix milliseconds.</summary>
public sealed class ControllerRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public long DoorPk { get; init; }
    public required string DoorId { get; init; }
    public required string Name { get; init; }
    public long ApiKeyPk { get; init; }

    /// <summary>The public id of the controller's device key (for the authenticator's cache).</summary>
    public string? ApiKeyId { get; init; }
    public string? CertThumbprint { get; init; }
    public long? CertNotAfter { get; init; }
    public string? Firmware { get; init; }

    /// <summary>Controller clock minus Latch's clock at the last report (positive: the controller is fast).</summary>
    public long? SkewMs { get; init; }
    public long? LastContactAt { get; init; }
    public long? LastSyncAt { get; init; }
    public string? LockState { get; init; }
    public int? KeyVersion { get; init; }
    public long CreatedAt { get; init; }
    public long? RemovedAt { get; init; }
}

/// <summary>A controller to add, with its device key (stored hashed) in the same transaction.</summary>
public sealed record NewController(string Id, long DoorPk, string DoorId, string Name, string? Firmware, string ApiKeyId, byte[] ApiKeyHash, long CreatedAt);

/// <summary>What a controller reported about itself at <see cref="ReceivedAt"/>.</summary>
public sealed record ControllerReport(long ControllerPk, string Firmware, long SkewMs, long? LastSyncAt, string LockState, int? KeyVersion, long ReceivedAt);
