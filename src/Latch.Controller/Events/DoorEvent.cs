using System.Text.Json.Nodes;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Controller.Events;

/// <summary>
/// One entry of the controller's log, uploaded to POST /v1/doors/{id}/events: <see cref="Seq"/> increases from 1 per
/// controller and <see cref="At"/> is the controller's own clock.
/// </summary>
public sealed record DoorEvent(long Seq, DateTimeOffset At, string Kind, OfflineCodeRef? Ref = null, string? Reason = null, int? Failures = null)
{
    public const string OfflineOpen = "offlineOpen";
    public const string OfflineDeny = "offlineDeny";
    public const string Lockout = "lockout";

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["seq"] = Seq, ["at"] = TwinJson.Write(At), ["kind"] = Kind };
        if (Ref is { } reference)
        {
            json["ref"] = TwinJson.Write(reference);
        }

        if (Reason is not null)
        {
            json["reason"] = Reason;
        }

        if (Failures is not null)
        {
            json["failures"] = Failures;
        }

        return json;
    }

    public static DoorEvent Parse(JsonNode? node)
    {
        var json = node as JsonObject ?? throw new FormatException("An event is not a JSON object.");
        return new DoorEvent(
            json["seq"]!.GetValue<long>(),
            TwinJson.Time(json["at"]),
            json["kind"]!.GetValue<string>(),
            json["ref"] is { } reference ? TwinJson.ParseRef(reference) : null,
            json["reason"]?.GetValue<string>(),
            json["failures"]?.GetValue<int>());
    }
}
