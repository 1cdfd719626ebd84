namespace Latch.Controller.Transport;

/// <summary>Latch's answer to a report: the skew it measured (positive = the controller is fast) and the door's status.</summary>
public sealed record ReportAnswer(double SkewSeconds, string? Status);
