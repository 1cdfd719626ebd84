namespace Latch.Controller.Transport;

/// <summary>PUT /v1/doors/{id}/twin/reported: the controller's own view, with its clock so Latch can measure the skew.</summary>
public sealed record ReportedState(string Firmware, DateTimeOffset Clock, DateTimeOffset? LastSyncAt, bool Locked, int? KeyVersion);
