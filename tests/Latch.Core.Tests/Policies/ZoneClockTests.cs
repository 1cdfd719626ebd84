using Latch.Core.Policies;

namespace Latch.Core.Tests.Policies;

public sealed class ZoneClockTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("Africa/Casablanca")]
    [InlineData("Pacific/Apia")]
    [InlineData("Asia/Tokyo")]
    [InlineData("UTC")]
    public void Local_time_equals_TimeZoneInfo_at_random_instants_and_around_every_change(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var clock = new ZoneClock(zone);
        var random = new Random(42);
        var from = new DateTime(1995, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var to = new DateTime(2105, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < 20_000; i++)
        {
            AssertSame(clock, random.NextInt64(from, to));
        }

        foreach (var change in clock.Changes.ToArray())
        {
            AssertSame(clock, change - TimeSpan.TicksPerSecond);
            AssertSame(clock, change - 1);
            AssertSame(clock, change);
            AssertSame(clock, change + TimeSpan.TicksPerSecond);
        }
    }

    [Fact]
    public void Berlin_changes_twice_a_year()
    {
        var clock = new ZoneClock(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var changes2026 = clock.Changes.ToArray().Select(t => new DateTime(t, DateTimeKind.Utc)).Where(t => t.Year == 2026);
        Assert.Equal([new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 25, 1, 0, 0, DateTimeKind.Utc)], changes2026);
    }

    private static void AssertSame(ZoneClock clock, long utcTicks)
    {
        var utc = new DateTime(utcTicks, DateTimeKind.Utc);
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(utc, clock.Zone).Ticks, clock.ToLocal(utc).Ticks);
    }
}
