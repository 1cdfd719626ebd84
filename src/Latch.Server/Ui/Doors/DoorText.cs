using System.Globalization;
using Latch.Server.Doors;

namespace Latch.Server.Ui.Doors;

/// <summary>How the Doors pages word a controller's sync state and a door's configuration.</summary>
internal static class DoorText
{
    /// <summary>The badge's words; the CSS class is the status itself (<c>inSync</c>, <c>outOfSync</c>, <c>offline</c>, <c>never</c>).</summary>
    public static string Status(string status) => status switch
    {
        ControllerStatus.InSync => "in sync",
        ControllerStatus.OutOfSync => "out of sync",
        ControllerStatus.Offline => "offline",
        _ => "never reported",
    };

    /// <summary>What goes beside the badge: the clock skew, or since when the controller has been silent.</summary>
    public static string Detail(ControllerView c) => c.Status switch
    {
        ControllerStatus.Offline when c.OfflineSince is { } since => "since " + When(since),
        ControllerStatus.InSync or ControllerStatus.OutOfSync when c.SkewSeconds is { } skew => "clock " + Skew(skew),
        _ => "",
    };

    /// <summary>Positive when the controller's clock is fast, as in the API.</summary>
    public static string Skew(long seconds) => seconds switch
    {
        0 => "on time",
        > 0 => $"{seconds.ToString(CultureInfo.InvariantCulture)} s fast",
        _ => $"{(-seconds).ToString(CultureInfo.InvariantCulture)} s slow",
    };

    public static string Lockout(LockoutView l) =>
        string.Create(CultureInfo.InvariantCulture, $"{l.MaxFailures} failures → {l.BaseSeconds} s, doubling to {l.MaxSeconds} s");

    /// <summary>
    /// A door's state on the dashboard is its worst controller's: one silent controller leaves the door without its
    /// offline log and revocations, so the door counts as offline.
    /// </summary>
    public static string DoorState(DoorView door) =>
        door.Controllers.Count == 0 ? ControllerStatus.Never
        : door.Controllers.Any(c => c.Status == ControllerStatus.Offline) ? ControllerStatus.Offline
        : door.Controllers.Any(c => c.Status == ControllerStatus.OutOfSync) ? ControllerStatus.OutOfSync
        : door.Controllers.All(c => c.Status == ControllerStatus.Never) ? ControllerStatus.Never
        : ControllerStatus.InSync;

    public static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
