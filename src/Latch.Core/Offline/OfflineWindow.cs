namespace Latch.Core.Offline;

/// <summary>
/// A validity window of an offline code: it starts on a whole UTC hour and lasts one of
/// <see cref="OfflineWindows.Hours"/>. Codes are valid in [Start, End).
/// </summary>
public readonly record struct OfflineWindow(long StartUnixSeconds, int Hours)
{
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds(StartUnixSeconds);

    public DateTimeOffset End => Start.AddHours(Hours);

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>True when [Start, End) meets [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start <= to && End > from;

    public override string ToString() => $"{Start:yyyy-MM-ddTHH:mm}Z+{Hours}h";
}
