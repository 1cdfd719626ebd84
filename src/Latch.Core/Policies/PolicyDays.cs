namespace Latch.Core.Policies;

/// <summary>Wire names of week days in a policy's time condition ("mon".."sun").</summary>
public static class PolicyDays
{
    public static string WireName(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "mon",
        DayOfWeek.Tuesday => "tue",
        DayOfWeek.Wednesday => "wed",
        DayOfWeek.Thursday => "thu",
        DayOfWeek.Friday => "fri",
        DayOfWeek.Saturday => "sat",
        DayOfWeek.Sunday => "sun",
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
    };

    public static bool TryParse(string? value, out DayOfWeek day)
    {
        (var ok, day) = value switch
        {
            "mon" => (true, DayOfWeek.Monday),
            "tue" => (true, DayOfWeek.Tuesday),
            "wed" => (true, DayOfWeek.Wednesday),
            "thu" => (true, DayOfWeek.Thursday),
            "fri" => (true, DayOfWeek.Friday),
            "sat" => (true, DayOfWeek.Saturday),
            "sun" => (true, DayOfWeek.Sunday),
            _ => (false, default),
        };
        return ok;
    }
}
