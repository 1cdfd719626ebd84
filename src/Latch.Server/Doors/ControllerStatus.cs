using Latch.Server.Http;
using Latch.Storage.Doors;

namespace Latch.Server.Doors;

/// <summary>
/// A controller's sync status, judged by Latch's clock: <c>never</c> before its first report, <c>offline</c> after no
/// contact for more than three sync intervals, else <c>outOfSync</c> when its clock is more than 30 s off, else <c>inSync</c>.
/// </summary>
internal static class ControllerStatus
{
    public const string Never = "never";
    public const string Offline = "offline";
    public const string OutOfSync = "outOfSync";
    public const string InSync = "inSync";

    public const long MaxSkewMs = 30_000;

    public static string OfSkew(long skewMs) => Math.Abs(skewMs) > MaxSkewMs ? OutOfSync : InSync;

    public static string Of(ControllerRecord controller, int syncIntervalSeconds, long nowMs) => controller.LastContactAt switch
    {
        null => Never,
        { } contact when nowMs - contact > 3L * syncIntervalSeconds * 1000 => Offline,
        _ => OfSkew(controller.SkewMs ?? 0),
    };

    public static ControllerView View(ControllerRecord c, int syncIntervalSeconds, long nowMs)
    {
        var status = Of(c, syncIntervalSeconds, nowMs);
        return new ControllerView(c.Id, c.Name, status,
            status == Offline ? Instants.FromUnixMs(c.LastContactAt!.Value) : null,
            c.SkewMs is { } skew ? SkewSeconds(skew) : null,
            c.LastSyncAt is { } sync ? Instants.FromUnixMs(sync) : null,
            c.Firmware, c.LockState,
            c.LastContactAt is { } contact ? Instants.FromUnixMs(contact) : null,
            c.KeyVersion,
            c.CertNotAfter is { } notAfter ? Instants.FromUnixMs(notAfter) : null);
    }

    public static long SkewSeconds(long skewMs) => (long)Math.Round(skewMs / 1000.0, MidpointRounding.AwayFromZero);
}
