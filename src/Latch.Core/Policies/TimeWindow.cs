namespace Latch.Core.Policies;

/// <summary>
/// The time condition: days and a daily window [<see cref="From"/>, <see cref="To"/>) in an IANA time zone's local
/// time. From after To runs overnight; From equal to To is the whole day.
/// </summary>
public sealed record TimeWindow
{
    /// <summary>Days the window opens on; empty means every day.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

    public required TimeOnly From { get; init; }

    public required TimeOnly To { get; init; }

    /// <summary>An IANA id such as <c>Europe/Berlin</c>.</summary>
    public required string TimeZoneId { get; init; }
}
