using System.Globalization;
using System.Text.Json.Nodes;
using Latch.Core.Offline;

namespace Latch.Controller.Twin;

/// <summary>
/// The twin, offline references and events in the contract's JSON shapes (docs/doors-contract): one mapping for the
/// wire and for the controller's own files, so what is stored is exactly what Latch sent.
/// </summary>
public static class TwinJson
{
    public static DoorTwin ParseTwin(JsonNode? node)
    {
        var twin = node as JsonObject ?? throw new FormatException("The twin is not a JSON object.");
        var desired = twin["desired"] as JsonObject ?? throw new FormatException("The twin has no desired configuration.");
        var lockout = desired["lockout"] as JsonObject;
        var policy = lockout is null
            ? LockoutPolicy.Default
            : new LockoutPolicy(
                Int(lockout, "maxFailures", LockoutPolicy.Default.MaxFailures),
                Int(lockout, "baseSeconds", LockoutPolicy.Default.BaseSeconds),
                Int(lockout, "maxSeconds", LockoutPolicy.Default.MaxSeconds));
        if (policy.Problem() is { } problem)
        {
            throw new FormatException("The twin's lockout policy is unusable: " + problem);
        }

        var config = new DoorConfig(
            desired["offlineMode"]?.GetValue<bool>() ?? false,
            Int(desired, "codeLength", OfflineCodes.DefaultLength),
            Int(desired, "clockToleranceSeconds", DoorConfig.Default.ClockToleranceSeconds),
            Int(desired, "syncIntervalSeconds", DoorConfig.Default.SyncIntervalSeconds),
            policy);
        if (config.CodeLength is < OfflineCodes.MinLength or > OfflineCodes.MaxLength || config.ClockToleranceSeconds < 0 || config.SyncIntervalSeconds < 1)
        {
            throw new FormatException("The twin's configuration is out of range.");
        }

        DoorSecret? secret = null;
        if (twin["offline"] is JsonObject offline)
        {
            var bytes = Convert.FromBase64String(Text(offline, "secret"));
            secret = new DoorSecret(Int(offline, "keyVersion", 0), bytes);
        }

        var revocations = (twin["revocations"] as JsonArray ?? []).Select(ParseRef).ToList();
        return new DoorTwin(Text(twin, "doorId"), Text(twin, "controllerId"), Time(twin["serverTime"]), config, secret, revocations);
    }

    public static JsonObject Write(DoorTwin twin) => new()
    {
        ["doorId"] = twin.DoorId,
        ["controllerId"] = twin.ControllerId,
        ["serverTime"] = Write(twin.ServerTime),
        ["desired"] = new JsonObject
        {
            ["offlineMode"] = twin.Desired.OfflineMode,
            ["codeLength"] = twin.Desired.CodeLength,
            ["clockToleranceSeconds"] = twin.Desired.ClockToleranceSeconds,
            ["syncIntervalSeconds"] = twin.Desired.SyncIntervalSeconds,
            ["lockout"] = new JsonObject
            {
                ["maxFailures"] = twin.Desired.Lockout.MaxFailures,
                ["baseSeconds"] = twin.Desired.Lockout.BaseSeconds,
                ["maxSeconds"] = twin.Desired.Lockout.MaxSeconds,
            },
        },
        ["offline"] = twin.Secret is null
            ? null
            : new JsonObject { ["keyVersion"] = twin.Secret.Version, ["secret"] = Convert.ToBase64String(twin.Secret.Reveal()) },
        ["revocations"] = new JsonArray([.. twin.Revocations.Select(r => (JsonNode)Write(r))]),
    };

    public static OfflineCodeRef ParseRef(JsonNode? node)
    {
        var reference = node as JsonObject ?? throw new FormatException("An offline reference is not a JSON object.");

        // windowStart is an RFC 3339 time like every time in the API; Unix seconds are accepted too.
        var start = reference["windowStart"] is JsonValue value && value.TryGetValue<long>(out var seconds)
            ? seconds
            : Time(reference["windowStart"]).ToUnixTimeSeconds();
        return new OfflineCodeRef(Int(reference, "keyVersion", 0), new OfflineWindow(start, Int(reference, "windowHours", 0)), Int(reference, "slot", -1));
    }

    public static JsonObject Write(OfflineCodeRef reference) => new()
    {
        ["keyVersion"] = reference.KeyVersion,
        ["windowStart"] = Write(reference.Window.Start),
        ["windowHours"] = reference.Window.Hours,
        ["slot"] = reference.Slot,
    };

    public static string Write(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node?.GetValue<string>() ?? throw new FormatException("A time is missing."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static int Int(JsonObject node, string name, int fallback) => node[name] is { } value ? value.GetValue<int>() : fallback;

    private static string Text(JsonObject node, string name) =>
        node[name]?.GetValue<string>() is { Length: > 0 } text ? text : throw new FormatException($"'{name}' is missing.");
}
