namespace Latch.Core.Policies;

/// <summary>Session limits a policy sets when it applies; the strictest (smallest) of all applying policies wins.</summary>
public sealed record SessionControls
{
    public int? CodeTtlSeconds { get; init; }

    public int? SignInFrequencyMinutes { get; init; }

    public static SessionControls None { get; } = new();
}
