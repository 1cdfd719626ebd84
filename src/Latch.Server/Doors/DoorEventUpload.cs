using Latch.Core.Audit;
using Latch.Core.Offline;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Doors;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Doors;

/// <summary>
/// A controller's offline log, uploaded when it reaches Latch again: stored and audited in sequence order, once —
/// events at or below the highest stored sequence number are ignored, so a retried upload changes nothing. An offline
/// open names its code by reference; Latch resolves the holder for the audit log and marks the code consumed online.
/// </summary>
internal sealed class DoorEventUpload(ILatchStore store, DoorLookup doors, TimeProvider clock)
{
    public const int MaxEvents = 1000;
    private static readonly string[] Kinds = ["offlineOpen", "offlineDeny", "lockout"];

    public async Task<IResult> UploadAsync(string doorId, UploadEventsRequest request, Caller caller, CancellationToken ct)
    {
        var (door, controller, problem) = await doors.ForControllerAsync(doorId, caller, ct);
        if (door is null || controller is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var events = Validate(request, door.Pk, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        var now = clock.GetUtcNow().ToUnixMs();
        // The newest event this call stored, with the holder the store resolved for its audit entry (none when all were already stored).
        (NewDoorEvent Event, string? UserId)? newest = null;
        var accepted = await store.UploadDoorEventsAsync(controller.Pk, events, now, (e, holder) =>
        {
            if (newest is not { } seen || e.Seq > seen.Event.Seq)
            {
                newest = (e, holder?.UserId);
            }

            return Audit(caller, door, controller, e, holder);
        }, ct);
        if (newest is { } last)
        {
            await store.RecordDoorLastEventAsync(door.Config, ActionOf(last.Event.Kind), last.Event.At, last.UserId, ct);
        }

        return TypedResults.Ok(new EventsAccepted(accepted));
    }

    private static List<NewDoorEvent> Validate(UploadEventsRequest request, long doorPk, FieldErrors errors)
    {
        var events = new List<NewDoorEvent>();
        if (request.Events is not { } list)
        {
            errors.Add("events", "events is required (it may be empty).");
            return events;
        }

        if (list.Count > MaxEvents)
        {
            errors.Add("events", $"Send at most {MaxEvents} events per call; upload the rest in the next one.");
            return events;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var e = list[i];
            var at = $"events[{i}]";
            if (e is null)
            {
                errors.Add(at, "Each event is an object, not null.");
                continue;
            }

            if (e.Seq is not >= 1)
            {
                errors.Add(at + ".seq", "seq must be 1 or more, increasing per controller.");
            }

            if (e.At is null)
            {
                errors.Add(at + ".at", "at is required: the controller's clock when it happened.");
            }

            if (e.Kind is null || !Kinds.Contains(e.Kind))
            {
                errors.Add(at + ".kind", "kind must be offlineOpen, offlineDeny or lockout.");
            }

            var reference = e.Ref is null ? null : Reference(e.Ref, doorPk, at + ".ref", errors);
            if (e.Kind == "offlineOpen" && e.Ref is null)
            {
                errors.Add(at + ".ref", "An offlineOpen names the code it accepted by its ref.");
            }

            if (e.Reason is { Length: > 100 })
            {
                errors.Add(at + ".reason", "reason may be at most 100 characters.");
            }

            if (e.Failures is < 0)
            {
                errors.Add(at + ".failures", "failures may not be negative.");
            }

            if (!errors.Any)
            {
                events.Add(new NewDoorEvent(e.Seq!.Value, e.At!.Value.ToUnixMs(), e.Kind!, reference, e.Reason, e.Failures));
            }
        }

        if (events.Select(e => e.Seq).Distinct().Count() != events.Count)
        {
            errors.Add("events", "Each seq may appear once.");
        }

        return events;
    }

    private static OfflineCodeRow? Reference(OfflineRefRequest r, long doorPk, string at, FieldErrors errors)
    {
        if (r.KeyVersion is not >= 1 || r.WindowStart is not { } start || r.WindowHours is not { } hours || !OfflineWindows.Hours.Contains(hours)
            || r.Slot is not (>= 0 and < OfflineCodes.Slots) || start.ToUnixTimeSeconds() % 3600 != 0)
        {
            errors.Add(at, "ref needs keyVersion (1 or more), windowStart (a whole UTC hour), windowHours (1, 2, 3, 4, 6, 8, 12 or 24) and slot (0-9).");
            return null;
        }

        return new OfflineCodeRow(doorPk, r.KeyVersion.Value, start.ToUnixTimeSeconds(), hours, r.Slot.Value);
    }

    private static string ActionOf(string kind) => kind switch
    {
        "offlineOpen" => AuditActions.DoorOfflineOpen,
        "offlineDeny" => AuditActions.DoorOfflineDeny,
        _ => AuditActions.DoorLockout,
    };

    private static AuditDraft Audit(Caller caller, DoorContext door, ControllerRecord controller, NewDoorEvent e, OfflineCodeHolder? holder) =>
        new(caller.Actor, ActionOf(e.Kind), door.Id, AuditData.Of(
            ("doorId", door.Id), ("controllerId", controller.Id), ("seq", e.Seq), ("at", Instants.FromUnixMs(e.At)), ("userId", holder?.UserId),
            ("codeId", holder?.CodeId),
            ("ref", e.Ref is { } r ? new OfflineCodeRef(r.KeyVersion, new OfflineWindow(r.WindowStart, r.WindowHours), r.Slot).ToString() : null),
            ("reason", e.Reason), ("failures", e.Failures)));
}
