namespace Latch.Controller.Transport;

/// <summary>PUT /v1/doors/{id}/twin/reported: the controller's own view, with its clock so Latch can measure the skew.</summary>
public sealed record ReportedState(string Firmware, DateTimeOffset Clock, DateTimeOffset? LastSyncAt, bool Locked, int? KeyVersion);

/// <summary>Latch's answer to a report: the skew it measured (positive = the controller is fast) and the door's status.</summary>
public sealed record ReportAnswer(double SkewSeconds, string? Status);
