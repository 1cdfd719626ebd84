namespace Latch.Controller;

/// <summary>How a sync went.</summary>
public enum SyncStatus
{
    /// <summary>The twin was fetched; the report and the upload were attempted.</summary>
    Online,

    /// <summary>Latch could not be reached; the controller keeps its last twin and works offline.</summary>
    Unreachable,

    /// <summary>Latch answered but refused this controller's credential.</summary>
    Refused,
}

/// <summary>
/// The outcome of <see cref="DoorController.SyncAsync"/>: the skew Latch measured (seconds, positive = this controller is
/// fast), events uploaded and still pending, and what went wrong when not online.
/// </summary>
public sealed record SyncResult(SyncStatus Status, double? SkewSeconds, int Uploaded, int Pending, string? Problem = null)
{
    public bool Online => Status == SyncStatus.Online;
}
