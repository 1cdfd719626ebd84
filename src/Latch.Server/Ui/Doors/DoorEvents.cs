using System.Text.Json;
using Latch.Core.Audit;
using Latch.Server.Audit;
using Latch.Storage;

namespace Latch.Server.Ui.Doors;

/// <summary>One door event as the door page shows it, read from its audit entry.</summary>
internal sealed record DoorEventRow(long Seq, long AtMs, string Action, string? ControllerId, string? UserId, string? Reason, string? Detail)
{
    public bool IsLockout => Action == AuditActions.DoorLockout;
}

/// <summary>A door's recent events (opens, denials, offline use, lockouts, sync changes), newest first, from the audit log.</summary>
internal static class DoorEvents
{
    public const int Shown = 50;

    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal)
    {
        AuditActions.DoorOpen, AuditActions.DoorDeny, AuditActions.DoorOfflineOpen, AuditActions.DoorOfflineDeny,
        AuditActions.DoorLockout, AuditActions.DoorSync,
    };

    // The store has no query by target, so this reads the log from the newest entry back until it has the door's
    // last entries (door entries are few against the rest).
    public static async Task<IReadOnlyList<DoorEventRow>> RecentAsync(ILatchStore store, string doorId, CancellationToken ct)
    {
        var rows = new List<DoorEventRow>();
        await foreach (var entry in store.ReadAuditNewestFirstAsync(ct))
        {
            if (entry.Target == doorId && Actions.Contains(entry.Action))
            {
                rows.Add(Row(entry));
                if (rows.Count == Shown)
                {
                    break;
                }
            }
        }

        return rows;
    }

    private static DoorEventRow Row(AuditEntry e)
    {
        using var json = JsonDocument.Parse(e.Data);
        var data = json.RootElement;
        string? Text(string name) => data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long? Number(string name) => data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

        var detail = e.Action switch
        {
            AuditActions.DoorSync => $"{DoorText.Status(Text("from") ?? "never")} → {DoorText.Status(Text("status") ?? "")}"
                + (Number("skewSeconds") is { } skew ? $", clock {DoorText.Skew(skew)}" : ""),
            AuditActions.DoorLockout when Number("failures") is { } failures => $"{failures} failures",
            _ when Text("policy") is { } policy => "policy " + policy,
            _ => null,
        };
        return new DoorEventRow(e.Seq, e.AtMs, e.Action, Text("controllerId"), Text("userId"), Text("reason"), detail);
    }
}
