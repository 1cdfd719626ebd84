using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class TimeWindowTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static Policy Window(string zone, int from, int to, params DayOfWeek[] days) => Policy(conditions: new PolicyConditions
    {
        Time = new TimeWindow { Days = days, From = new TimeOnly(from, 0), To = new TimeOnly(to, 0), TimeZoneId = zone },
    });

    private static bool InsideAt(Policy policy, string utc) =>
        Applies(policy, Facts(at: DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-06-01T05:59:59Z", false)]
    [InlineData("2026-06-01T06:00:00Z", true)]
    [InlineData("2026-06-01T15:59:59Z", true)]
    [InlineData("2026-06-01T16:00:00Z", false)]
    [InlineData("2026-06-06T10:00:00Z", false)]
    public void Office_hours_run_from_From_inclusive_to_To_exclusive_on_listed_days_in_local_time(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 8, 18, Weekdays), utc));

    [Theory]
    [InlineData("2026-06-05T19:59:59Z", false)]
    [InlineData("2026-06-05T20:00:00Z", true)]
    [InlineData("2026-06-05T21:00:00Z", true)]
    [InlineData("2026-06-06T01:00:00Z", true)]
    [InlineData("2026-06-06T03:59:59Z", true)]
    [InlineData("2026-06-06T04:00:00Z", false)]
    [InlineData("2026-06-05T01:00:00Z", false)]
    [InlineData("2026-06-06T21:00:00Z", false)]
    public void An_overnight_window_keeps_the_hours_after_midnight_with_the_day_it_opened(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 22, 6, DayOfWeek.Friday), utc));

    [Theory]
    [InlineData("2026-06-05T22:00:00Z", true)]
    [InlineData("2026-06-06T21:59:59Z", true)]
    [InlineData("2026-06-06T22:00:00Z", false)]
    public void From_equal_to_To_is_the_whole_day(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 0, 0, DayOfWeek.Saturday), utc));

    [Fact]
    public void No_days_listed_means_every_day()
    {
        var policy = Window("UTC", 9, 17);
        Assert.True(InsideAt(policy, "2026-06-06T10:00:00Z"));
        Assert.True(InsideAt(policy, "2026-06-07T10:00:00Z"));
        Assert.False(InsideAt(policy, "2026-06-07T18:00:00Z"));
    }

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", false)]
    [InlineData("2026-03-29T01:00:00Z", false)]
    [InlineData("2026-03-29T00:30:00Z", false)]
    public void Berlin_spring_forward_skips_the_hour_from_two_to_three(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 2, 3, DayOfWeek.Sunday), utc));

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", false)]
    [InlineData("2026-03-29T01:00:00Z", true)]
    [InlineData("2026-03-29T01:59:59Z", true)]
    [InlineData("2026-03-29T02:00:00Z", false)]
    public void Berlin_spring_forward_lands_on_three_oclock_summer_time(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 3, 4, DayOfWeek.Sunday), utc));

    [Theory]
    [InlineData("2026-10-24T23:59:59Z", false)]
    [InlineData("2026-10-25T00:00:00Z", true)]
    [InlineData("2026-10-25T00:30:00Z", true)]
    [InlineData("2026-10-25T01:30:00Z", true)]
    [InlineData("2026-10-25T02:00:00Z", false)]
    public void Berlin_fall_back_repeats_the_hour_from_two_to_three_and_both_passes_are_inside(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("Europe/Berlin", 2, 3, DayOfWeek.Sunday), utc));

    [Theory]
    [InlineData("2026-03-02T13:00:00Z", false)]
    [InlineData("2026-03-02T14:00:00Z", true)]
    [InlineData("2026-03-09T12:59:59Z", false)]
    [InlineData("2026-03-09T13:00:00Z", true)]
    [InlineData("2026-11-02T13:59:59Z", false)]
    [InlineData("2026-11-02T14:00:00Z", true)]
    public void New_York_office_hours_follow_the_switch_to_and_from_daylight_time(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("America/New_York", 9, 17, Weekdays), utc));

    [Theory]
    [InlineData("2026-03-08T06:59:59Z", true)]
    [InlineData("2026-03-08T07:00:00Z", false)]
    [InlineData("2026-11-01T05:30:00Z", true)]
    [InlineData("2026-11-01T06:30:00Z", true)]
    [InlineData("2026-11-01T07:00:00Z", false)]
    public void New_York_night_window_shortens_in_spring_and_lengthens_in_autumn(string utc, bool inside) =>
        Assert.Equal(inside, InsideAt(Window("America/New_York", 0, 2, DayOfWeek.Sunday), utc));
}
