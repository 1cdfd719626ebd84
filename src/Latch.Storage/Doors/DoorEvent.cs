namespace Latch.Storage.Doors;

/// <summary>One event from a controller's offline log. <see cref="At"/> is the controller's clock (Unix milliseconds).</summary>
public sealed record NewDoorEvent(long Seq, long At, string Kind, OfflineCodeRow? Ref, string? Reason, int? Failures);

/// <summary>A secret as stored: sealed, with its version.</summary>
public sealed class DoorSecretRecord
{
    public int Version { get; init; }
    public required byte[] Sealed { get; init; }
}
