using Latch.Core.Audit;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Doors;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Doors;

/// <summary>
/// The controller's twin: what Latch wants (configuration, the offline secret, revocations, the server's time) and what
/// the controller reports (firmware, clock, lock state). Reports record the clock skew; a status change is audited.
/// </summary>
internal sealed class ControllerSync(ILatchStore store, DoorLookup doors, TimeProvider clock)
{
    public async Task<IResult> TwinAsync(string doorId, Caller caller, CancellationToken ct)
    {
        var (door, controller, problem) = await doors.ForControllerAsync(doorId, caller, ct);
        if (door is null || controller is null)
        {
            return problem!;
        }

        var now = Instants.FromUnixMs(clock.GetUtcNow().ToUnixMs()); // milliseconds, like every stored time
        OfflineKeyView? offline = null;
        if (door.Config.OfflineMode && await doors.SecretAsync(door, ct) is { } secret)
        {
            // The one place a door secret leaves Latch: to that door's own controller, over its authenticated connection.
            offline = new OfflineKeyView(secret.Version, Convert.ToBase64String(secret.Reveal()));
        }

        var revocations = await store.ListOfflineRevocationsAsync(door.Pk, now.ToUnixTimeSeconds(), ct);
        return TypedResults.Ok(new TwinView(door.Id, controller.Id, now, DoorSettings.View(door.Config), offline,
            [.. revocations.Select(r => new OfflineRefView(r.KeyVersion, DateTimeOffset.FromUnixTimeSeconds(r.WindowStart), r.WindowHours, r.Slot))]));
    }

    public async Task<IResult> ReportAsync(string doorId, ReportStateRequest request, Caller caller, CancellationToken ct)
    {
        var (door, controller, problem) = await doors.ForControllerAsync(doorId, caller, ct);
        if (door is null || controller is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var firmware = errors.Required("firmware", request.Firmware, 100);
        if (request.Clock is null)
        {
            errors.Add("clock", "clock is required: the controller's current time (RFC 3339).");
        }

        if (request.LockState is not ("locked" or "unlocked"))
        {
            errors.Add("lockState", "lockState must be 'locked' or 'unlocked'.");
        }

        if (request.KeyVersion is < 1)
        {
            errors.Add("keyVersion", "keyVersion must be 1 or more.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        var now = clock.GetUtcNow().ToUnixMs();
        var skewMs = request.Clock!.Value.ToUnixMs() - now; // positive: the controller is fast
        var status = ControllerStatus.OfSkew(skewMs);
        var before = ControllerStatus.Of(controller, door.Config.SyncIntervalSeconds, now);
        var skewSeconds = ControllerStatus.SkewSeconds(skewMs);
        var audit = before == status ? null : new AuditDraft(caller.Actor, AuditActions.DoorSync, door.Id, AuditData.Of(
            ("doorId", door.Id), ("controllerId", controller.Id), ("from", before), ("status", status), ("skewSeconds", skewSeconds)));
        await store.ReportControllerStateAsync(new ControllerReport(controller.Pk, firmware, skewMs, request.LastSyncAt?.ToUnixMs(), request.LockState!,
            request.KeyVersion, now), audit, ct);
        return TypedResults.Ok(new StateReported(skewSeconds, status));
    }
}
