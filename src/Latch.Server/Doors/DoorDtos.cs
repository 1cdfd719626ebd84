using System.Text.Json.Serialization;

namespace Latch.Server.Doors;

// The doors contract (docs/doors.md): admin calls first, then the controller's.

public sealed record CreateControllerRequest
{
    public string? Name { get; init; }
    public string? Firmware { get; init; }
}

/// <summary>A new controller; <see cref="Key"/> is its device key, shown only here.</summary>
public sealed record ControllerCreated(string Id, string DoorId, string Name, string Key);

public sealed record EnrollCertificateRequest
{
    /// <summary>A PEM PKCS#10 request made by the controller; its private key never leaves it.</summary>
    public string? Csr { get; init; }
}

public sealed record CertificateIssued(string Certificate, string CaCertificate, string Thumbprint, DateTimeOffset NotAfter);

public sealed record LockoutSettings
{
    public int? MaxFailures { get; init; }
    public int? BaseSeconds { get; init; }
    public int? MaxSeconds { get; init; }
}

/// <summary>A door's configuration; on <c>PUT</c> a field left out takes its default.</summary>
public sealed record DoorConfigRequest
{
    public bool? OfflineMode { get; init; }
    public int? CodeLength { get; init; }
    public int? ClockToleranceSeconds { get; init; }
    public int? SyncIntervalSeconds { get; init; }
    public LockoutSettings? Lockout { get; init; }
}

public sealed record LockoutView(int MaxFailures, int BaseSeconds, int MaxSeconds);

public sealed record DoorConfigView(bool OfflineMode, int CodeLength, int ClockToleranceSeconds, int SyncIntervalSeconds, LockoutView Lockout);

public sealed record ControllerView(
    string Id,
    string Name,
    string Status,
    DateTimeOffset? OfflineSince,
    long? SkewSeconds,
    DateTimeOffset? LastSyncAt,
    string? Firmware,
    string? LockState,
    DateTimeOffset? LastContactAt,
    int? KeyVersion,
    DateTimeOffset? CertificateNotAfter);

public sealed record DoorEventView(string Action, DateTimeOffset At, string? UserId);

public sealed record DoorView(string Id, string Name, DoorConfigView Config, IReadOnlyList<ControllerView> Controllers, DoorEventView? LastEvent, int? KeyVersion);

public sealed record KeyRotated(int KeyVersion);

public sealed record OfflineKeyView(int KeyVersion, string Secret);

public sealed record OfflineRefView(int KeyVersion, DateTimeOffset WindowStart, int WindowHours, int Slot);

public sealed record TwinView(
    string DoorId,
    string ControllerId,
    DateTimeOffset ServerTime,
    DoorConfigView Desired,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] OfflineKeyView? Offline,
    IReadOnlyList<OfflineRefView> Revocations);

public sealed record ReportStateRequest
{
    public string? Firmware { get; init; }
    public DateTimeOffset? Clock { get; init; }
    public DateTimeOffset? LastSyncAt { get; init; }
    public string? LockState { get; init; }
    public int? KeyVersion { get; init; }
}

public sealed record StateReported(long SkewSeconds, string Status);

public sealed record UnlockRequest
{
    public string? Code { get; init; }
}

public sealed record UnlockOpened(bool Open, string UserId, string CodeId);

public sealed record UnlockDenied(bool Open, string Reason, string? Policy = null, int? RetryAfterSeconds = null);

public sealed record OfflineRefRequest
{
    public int? KeyVersion { get; init; }
    public DateTimeOffset? WindowStart { get; init; }
    public int? WindowHours { get; init; }
    public int? Slot { get; init; }
}

public sealed record DoorEventRequest
{
    public long? Seq { get; init; }
    public DateTimeOffset? At { get; init; }
    public string? Kind { get; init; }
    public OfflineRefRequest? Ref { get; init; }
    public string? Reason { get; init; }
    public int? Failures { get; init; }
}

public sealed record UploadEventsRequest
{
    public List<DoorEventRequest>? Events { get; init; }
}

public sealed record EventsAccepted(long AcceptedThrough);

/// <summary>The offline window a derived code is valid in (added to code and visit answers).</summary>
public sealed record OfflineWindowView(DateTimeOffset WindowStart, DateTimeOffset WindowEnd);
