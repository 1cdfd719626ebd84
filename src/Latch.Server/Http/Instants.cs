namespace Latch.Server.Http;

/// <summary>Conversions between stored Unix milliseconds and the API's ISO 8601 UTC instants.</summary>
internal static class Instants
{
    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static long ToUnixMs(this DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();
}
