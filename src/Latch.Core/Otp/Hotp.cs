using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Latch.Core.Otp;

/// <summary>HOTP, RFC 4226 (with the SHA-256 and SHA-512 variants RFC 6238 §1.2 adds).</summary>
public static class Hotp
{
    public const int MinDigits = 6;
    public const int MaxDigits = 8;

    private static readonly int[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>The code for <paramref name="counter"/> as a zero-padded string of <paramref name="digits"/> digits.</summary>
    public static string Compute(TotpSecret secret, long counter, int digits, OtpAlgorithm algorithm = OtpAlgorithm.Sha1)
    {
        Span<char> chars = stackalloc char[MaxDigits];
        var written = Compute(secret, counter, digits, algorithm, chars);
        return new string(chars[..written]);
    }

    /// <summary>Writes the code into <paramref name="destination"/>; returns the number of digits written.</summary>
    public static int Compute(TotpSecret secret, long counter, int digits, OtpAlgorithm algorithm, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, MinDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDigits);

        // RFC 4226 §5.3 step 1: HS = HMAC(K, C), C the 8-byte big-endian counter.
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> hash = stackalloc byte[HMACSHA512.HashSizeInBytes];
        var length = algorithm switch
        {
#pragma warning disable CA5350 // HMAC-SHA-1 is RFC 4226's algorithm and what most authenticator apps support; HMAC (unlike bare SHA-1) is not weakened by SHA-1 collisions.
            OtpAlgorithm.Sha1 => HMACSHA1.HashData(secret.Reveal(), message, hash),
#pragma warning restore CA5350
            OtpAlgorithm.Sha256 => HMACSHA256.HashData(secret.Reveal(), message, hash),
            OtpAlgorithm.Sha512 => HMACSHA512.HashData(secret.Reveal(), message, hash),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        };

        // Step 2: dynamic truncation — the low 4 bits of the last byte give the offset of 31 bits.
        var offset = hash[length - 1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7FFF_FFFF;

        // Step 3: Snum mod 10^Digit, left-padded with zeros.
        var value = binary % PowersOfTen[digits];
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }

        return digits;
    }
}
