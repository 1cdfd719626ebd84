using Latch.Core.Offline;

namespace Latch.Core.Tests.Offline;

public sealed class OfflineWindowsTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-23T10:00:00", "2026-11-23T11:00:00", "2026-11-23T10:00:00", 1)]
    [InlineData("2026-11-23T10:30:00", "2026-11-23T12:30:00", "2026-11-23T10:00:00", 3)]
    [InlineData("2026-11-23T10:00:00", "2026-11-23T15:00:00", "2026-11-23T10:00:00", 6)]
    [InlineData("2026-11-23T09:59:59", "2026-11-23T10:00:01", "2026-11-23T09:00:00", 2)]
    [InlineData("2026-11-23T00:00:00", "2026-11-24T00:00:00", "2026-11-23T00:00:00", 24)]
    public void Cover_picks_the_shortest_window_from_the_start_hour(string start, string end, string windowStart, int hours)
    {
        var window = OfflineWindows.Cover(At(start), At(end));

        Assert.Equal(new OfflineWindow(At(windowStart).ToUnixTimeSeconds(), hours), window);
    }

    [Fact]
    public void Nothing_covers_more_than_a_day_or_an_empty_span()
    {
        Assert.Null(OfflineWindows.Cover(At("2026-11-23T10:00:00"), At("2026-11-24T10:00:01")));
        Assert.Null(OfflineWindows.Cover(At("2026-11-23T10:00:00"), At("2026-11-23T10:00:00")));
    }

    [Fact]
    public void Without_tolerance_the_candidates_are_exactly_the_windows_holding_now()
    {
        var now = At("2026-11-23T10:30:00");
        var candidates = Candidates(now, TimeSpan.Zero);

        Assert.Equal(OfflineWindows.Hours.Sum(), candidates.Length);
        Assert.All(candidates, w => Assert.True(w.Contains(now), $"{w} does not hold {now}"));
        Assert.Equal(candidates.Length, candidates.Distinct().Count());
        // Every window that holds now, by brute force over the previous day's hours.
        var expected = OfflineWindows.Hours
            .SelectMany(h => Enumerable.Range(0, 25).Select(back => new OfflineWindow(At("2026-11-23T10:00:00").AddHours(-back).ToUnixTimeSeconds(), h)))
            .Where(w => w.Contains(now))
            .ToHashSet();
        Assert.Equal(expected, candidates.ToHashSet());
    }

    [Fact]
    public void Tolerance_adds_the_windows_that_start_or_end_just_beyond_now()
    {
        var now = At("2026-11-23T10:59:00");
        var candidates = Candidates(now, TimeSpan.FromSeconds(120));

        Assert.Equal(OfflineWindows.MaxCandidates(TimeSpan.FromSeconds(120)), candidates.Length);
        Assert.Contains(new OfflineWindow(At("2026-11-23T11:00:00").ToUnixTimeSeconds(), 1), candidates);
        Assert.All(candidates, w => Assert.True(w.Overlaps(now.AddSeconds(-120), now.AddSeconds(120))));
    }

    [Fact]
    public void No_instant_has_more_candidates_than_the_maximum()
    {
        var tolerance = TimeSpan.FromSeconds(120);
        var start = At("2026-11-23T00:00:00");
        for (var minute = 0; minute < 24 * 60; minute += 7)
        {
            Assert.True(Candidates(start.AddMinutes(minute), tolerance).Length <= OfflineWindows.MaxCandidates(tolerance));
        }
    }

    private static OfflineWindow[] Candidates(DateTimeOffset now, TimeSpan tolerance)
    {
        var buffer = new OfflineWindow[OfflineWindows.MaxCandidates(tolerance)];
        return buffer[..OfflineWindows.Candidates(now, tolerance, buffer)];
    }
}
