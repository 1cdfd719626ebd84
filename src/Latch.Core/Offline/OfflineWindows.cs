namespace Latch.Core.Offline;

/// <summary>
/// The fixed set of windows offline codes use: starts on whole UTC hours, lengths of 1, 2, 3, 4, 6, 8, 12 or
/// 24 hours. A controller finds a typed code by trying every window that holds "now" — the fewer windows, the
/// lower the chance a random guess matches one of them (docs/offline-codes.md).
/// </summary>
public static class OfflineWindows
{
    public static readonly IReadOnlyList<int> Hours = [1, 2, 3, 4, 6, 8, 12, 24];

    private const long HourSeconds = 3600;

    /// <summary>The shortest window that covers [<paramref name="start"/>, <paramref name="end"/>], or null when none does (over 24 h).</summary>
    public static OfflineWindow? Cover(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            return null;
        }

        var first = FloorHour(start.ToUnixTimeSeconds());
        var last = CeilingHour(end.ToUnixTimeSeconds());
        var needed = (int)((last - first) / HourSeconds);
        foreach (var hours in Hours)
        {
            if (hours >= needed)
            {
                return new OfflineWindow(first, hours);
            }
        }

        return null;
    }

    /// <summary>
    /// Every window that meets [now − tolerance, now + tolerance], longest first: the candidates a controller
    /// tries for a typed code. The tolerance absorbs the controller's clock drift.
    /// </summary>
    public static int Candidates(DateTimeOffset now, TimeSpan tolerance, Span<OfflineWindow> destination)
    {
        var from = now.ToUnixTimeSeconds() - (long)tolerance.TotalSeconds;
        var to = now.ToUnixTimeSeconds() + (long)tolerance.TotalSeconds;
        var count = 0;
        for (var i = Hours.Count - 1; i >= 0; i--)
        {
            var hours = Hours[i];
            // Starts s on whole hours with s <= to and s + hours > from.
            for (var s = FloorHour(to); s + (hours * HourSeconds) > from; s -= HourSeconds)
            {
                destination[count++] = new OfflineWindow(s, hours);
            }
        }

        return count;
    }

    /// <summary>The most candidates any instant can have for <paramref name="tolerance"/>: the size <see cref="Candidates"/> needs.</summary>
    public static int MaxCandidates(TimeSpan tolerance)
    {
        // A window of h hours meets an interval of 2·tolerance when its start lies in a span of h hours + 2·tolerance,
        // which holds at most ceil(h + 2·tolerance/1 h) whole hours.
        var extra = (int)Math.Ceiling(2 * tolerance.TotalSeconds / HourSeconds);
        var total = 0;
        foreach (var hours in Hours)
        {
            total += hours + extra;
        }

        return total;
    }

    private static long FloorHour(long unixSeconds) => unixSeconds - (((unixSeconds % HourSeconds) + HourSeconds) % HourSeconds);

    private static long CeilingHour(long unixSeconds)
    {
        var floor = FloorHour(unixSeconds);
        return floor == unixSeconds ? floor : floor + HourSeconds;
    }
}
