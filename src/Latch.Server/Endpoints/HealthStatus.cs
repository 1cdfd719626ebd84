namespace Latch.Server.Endpoints;

public sealed record HealthStatus(string Status);
