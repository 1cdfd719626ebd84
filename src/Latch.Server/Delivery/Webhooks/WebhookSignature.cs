using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Server.Delivery.Webhooks;

/// <summary>
/// The <c>Latch-Signature</c> header on every webhook Latch sends (and expects back from a push companion):
/// <c>t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "t." + body))</c>. The timestamp inside the MAC lets a receiver
/// refuse replays older than its tolerance; the hex is lower case.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "Latch-Signature";

    public static string Sign(ReadOnlySpan<byte> secret, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(Mac(secret, timestamp, body))}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> under the secret, at most <paramref name="tolerance"/> from now.</summary>
    public static bool Verify(string? header, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        string? timestamp = null;
        byte[]? given = null;
        foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64)
            {
                try
                {
                    given = Convert.FromHexString(part.AsSpan(3));
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        if (timestamp is null || given is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()))).Duration() > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
