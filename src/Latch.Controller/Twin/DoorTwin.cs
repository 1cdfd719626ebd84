using Latch.Core.Offline;

namespace Latch.Controller.Twin;

/// <summary>
/// What Latch last told this controller (GET /v1/doors/{id}/twin): configuration, server time, the door secret
/// (null when offline mode is off) and the offline codes revoked whose window has not ended.
/// </summary>
public sealed record DoorTwin(
    string DoorId,
    string ControllerId,
    DateTimeOffset ServerTime,
    DoorConfig Desired,
    DoorSecret? Secret,
    IReadOnlyList<OfflineCodeRef> Revocations)
{
    /// <summary>True when this twin lets the controller verify codes on its own.</summary>
    public bool CanVerifyOffline => Desired.OfflineMode && Secret is not null;
}
