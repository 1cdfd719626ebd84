using Latch.Core.Offline;
using Latch.Server.Http;
using Latch.Storage.Doors;

namespace Latch.Server.Doors;

/// <summary>A door's configuration with the contract's defaults, validated from a <c>PUT</c>.</summary>
internal static class DoorSettings
{
    /// <summary>The stored configuration, or the defaults for a door never configured.</summary>
    public static DoorRecord OrDefault(DoorRecord? stored, long resourcePk) => stored ?? new DoorRecord
    {
        ResourcePk = resourcePk,
        OfflineMode = false,
        CodeLength = OfflineCodes.DefaultLength,
        ClockToleranceSeconds = DoorDefaults.ClockToleranceSeconds,
        SyncIntervalSeconds = DoorDefaults.SyncIntervalSeconds,
        LockoutMaxFailures = LockoutPolicy.Default.MaxFailures,
        LockoutBaseSeconds = LockoutPolicy.Default.BaseSeconds,
        LockoutMaxSeconds = LockoutPolicy.Default.MaxSeconds,
    };

    public static DoorRecord FromRequest(DoorConfigRequest request, long resourcePk, long nowMs, FieldErrors errors)
    {
        var lockout = new LockoutPolicy(
            request.Lockout?.MaxFailures ?? LockoutPolicy.Default.MaxFailures,
            request.Lockout?.BaseSeconds ?? LockoutPolicy.Default.BaseSeconds,
            request.Lockout?.MaxSeconds ?? LockoutPolicy.Default.MaxSeconds);
        if (lockout.Problem() is { } problem)
        {
            errors.Add("lockout", problem);
        }

        var door = new DoorRecord
        {
            ResourcePk = resourcePk,
            OfflineMode = request.OfflineMode ?? false,
            CodeLength = request.CodeLength ?? OfflineCodes.DefaultLength,
            ClockToleranceSeconds = request.ClockToleranceSeconds ?? DoorDefaults.ClockToleranceSeconds,
            SyncIntervalSeconds = request.SyncIntervalSeconds ?? DoorDefaults.SyncIntervalSeconds,
            LockoutMaxFailures = lockout.MaxFailures,
            LockoutBaseSeconds = lockout.BaseSeconds,
            LockoutMaxSeconds = lockout.MaxSeconds,
            UpdatedAt = nowMs,
        };
        if (door.CodeLength is < OfflineCodes.MinLength or > OfflineCodes.MaxLength)
        {
            errors.Add("codeLength", $"codeLength must be between {OfflineCodes.MinLength} and {OfflineCodes.MaxLength}.");
        }

        // Each second of tolerance widens the candidate windows a guess is compared with (docs/offline-codes.md).
        if (door.ClockToleranceSeconds is < 0 or > 900)
        {
            errors.Add("clockToleranceSeconds", "clockToleranceSeconds must be between 0 and 900.");
        }

        if (door.SyncIntervalSeconds is < 5 or > 86_400)
        {
            errors.Add("syncIntervalSeconds", "syncIntervalSeconds must be between 5 and 86400.");
        }

        return door;
    }

    public static DoorConfigView View(DoorRecord door) => new(door.OfflineMode, door.CodeLength, door.ClockToleranceSeconds, door.SyncIntervalSeconds,
        new LockoutView(door.LockoutMaxFailures, door.LockoutBaseSeconds, door.LockoutMaxSeconds));
}
