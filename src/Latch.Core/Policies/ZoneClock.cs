using System.Collections.Concurrent;

namespace Latch.Core.Policies;

/// <summary>
/// Converts UTC instants to one zone's local time with a table of the zone's offset changes, built once at compile
/// time: a binary search over about a hundred entries instead of <see cref="TimeZoneInfo.ConvertTimeFromUtc"/>'s
/// rule walk (~90 ns). Outside the table's range it falls back to <see cref="TimeZoneInfo"/>.
/// </summary>
internal sealed class ZoneClock
{
    private static readonly long RangeStart = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long RangeEnd = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // Offsets are sampled every 12 hours and each change is narrowed to the second. Zones change offset at most a
    // few times a year, never twice within 12 hours, so no change is missed (ZoneClockTests compare with TimeZoneInfo).
    private const long Step = TimeSpan.TicksPerHour * 12;

    // Building a table samples a century (tens of milliseconds); tables depend only on the zone, so every compile shares them.
    private static readonly ConcurrentDictionary<string, ZoneClock> Shared = new(StringComparer.Ordinal);

    /// <summary>UTC ticks from which <see cref="_offsets"/> at the same index holds; the first is the range start.</summary>
    private readonly long[] _starts;
    private readonly long[] _offsets;

    public ZoneClock(TimeZoneInfo zone)
    {
        Zone = zone;
        var starts = new List<long> { RangeStart };
        var offsets = new List<long> { OffsetAt(RangeStart) };
        for (var t = RangeStart + Step; t < RangeEnd; t += Step)
        {
            var offset = OffsetAt(t);
            if (offset != offsets[^1])
            {
                starts.Add(FirstSecondWith(offset, t - Step, t));
                offsets.Add(offset);
            }
        }

        _starts = [.. starts];
        _offsets = [.. offsets];
    }

    public TimeZoneInfo Zone { get; }

    public static ZoneClock For(TimeZoneInfo zone) => Shared.GetOrAdd(zone.Id, static (_, z) => new ZoneClock(z), zone);

    /// <summary>The UTC instants (ticks) at which the offset changes, after the range start.</summary>
    internal ReadOnlySpan<long> Changes => _starts.AsSpan(1);

    public DateTime ToLocal(DateTime utc)
    {
        var ticks = utc.Ticks;
        if (ticks < RangeStart || ticks >= RangeEnd)
        {
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
        }

        var index = Array.BinarySearch(_starts, ticks);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new DateTime(ticks + _offsets[index], DateTimeKind.Unspecified);
    }

    private long OffsetAt(long utcTicks) => Zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    /// <summary>The first whole second in (<paramref name="before"/>, <paramref name="after"/>] at which the offset is <paramref name="offset"/>.</summary>
    private long FirstSecondWith(long offset, long before, long after)
    {
        var lo = before / TimeSpan.TicksPerSecond;
        var hi = after / TimeSpan.TicksPerSecond;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (OffsetAt(mid * TimeSpan.TicksPerSecond) == offset)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi * TimeSpan.TicksPerSecond;
    }
}
