using System.Text.Json.Nodes;
using Latch.Controller.Events;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Controller.State;

/// <summary>
/// What the controller remembers between restarts besides its twin: offline codes it accepted, the keypad's failure
/// streak, and its event log. Kept in one file so an accepted code and its event are written together or not at all.
/// </summary>
public sealed class ControllerJournal
{
    /// <summary>The sequence number the next event gets; the first is 1.</summary>
    public long NextSeq { get; set; } = 1;

    /// <summary>The highest sequence number Latch has acknowledged; events up to it are dropped from <see cref="Pending"/>.</summary>
    public long UploadedThrough { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>When the last twin arrived, by the controller's clock.</summary>
    public DateTimeOffset? LastSyncAt { get; set; }

    /// <summary>Offline codes already accepted: single use is enforced here, kept until their window ends.</summary>
    public List<OfflineCodeRef> Used { get; } = [];

    /// <summary>Events not yet acknowledged by Latch, in sequence order.</summary>
    public List<DoorEvent> Pending { get; } = [];

    public DoorEvent Append(DateTimeOffset at, string kind, OfflineCodeRef? reference = null, string? reason = null, int? failures = null)
    {
        var entry = new DoorEvent(NextSeq++, at, kind, reference, reason, failures);
        Pending.Add(entry);
        return entry;
    }

    /// <summary>Latch stored everything through <paramref name="seq"/>: forget those events.</summary>
    public void Acknowledge(long seq)
    {
        UploadedThrough = Math.Max(UploadedThrough, seq);
        Pending.RemoveAll(e => e.Seq <= UploadedThrough);
    }

    /// <summary>
    /// Latch already holds events through <paramref name="acceptedThrough"/> from an earlier life of this controller (its
    /// folder was reset): number the pending events after it so they are not ignored as duplicates.
    /// </summary>
    public void RenumberAfter(long acceptedThrough)
    {
        var renumbered = Pending.Select((e, i) => e with { Seq = acceptedThrough + 1 + i }).ToList();
        Pending.Clear();
        Pending.AddRange(renumbered);
        UploadedThrough = acceptedThrough;
        NextSeq = acceptedThrough + 1 + renumbered.Count;
    }

    /// <summary>Drops used codes whose window ended longer ago than the clock tolerance: they can no longer match.</summary>
    public void PruneUsed(DateTimeOffset now, TimeSpan tolerance) => Used.RemoveAll(r => r.Window.End + tolerance < now);

    public JsonObject ToJson() => new()
    {
        ["nextSeq"] = NextSeq,
        ["uploadedThrough"] = UploadedThrough,
        ["failures"] = Failures,
        ["lockedUntil"] = LockedUntil == DateTimeOffset.MinValue ? null : TwinJson.Write(LockedUntil),
        ["lastSyncAt"] = LastSyncAt is { } last ? TwinJson.Write(last) : null,
        ["used"] = new JsonArray([.. Used.Select(r => (JsonNode)TwinJson.Write(r))]),
        ["pending"] = new JsonArray([.. Pending.Select(e => (JsonNode)e.ToJson())]),
    };

    public static ControllerJournal Parse(JsonNode? node)
    {
        var json = node as JsonObject ?? throw new FormatException("The journal is not a JSON object.");
        var journal = new ControllerJournal
        {
            NextSeq = json["nextSeq"]?.GetValue<long>() ?? 1,
            UploadedThrough = json["uploadedThrough"]?.GetValue<long>() ?? 0,
            Failures = json["failures"]?.GetValue<int>() ?? 0,
            LockedUntil = json["lockedUntil"] is { } locked ? TwinJson.Time(locked) : DateTimeOffset.MinValue,
            LastSyncAt = json["lastSyncAt"] is { } last ? TwinJson.Time(last) : null,
        };
        journal.Used.AddRange((json["used"] as JsonArray ?? []).Select(TwinJson.ParseRef));
        journal.Pending.AddRange((json["pending"] as JsonArray ?? []).Select(DoorEvent.Parse));
        return journal;
    }
}
