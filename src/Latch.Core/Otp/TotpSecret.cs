using System.Security.Cryptography;

namespace Latch.Core.Otp;

/// <summary>
/// The shared secret of an HOTP/TOTP authenticator. Its <see cref="ToString"/> is redacted so it cannot leak into
/// logs; the bytes are read only to compute a code, to seal it for storage, or to hand it out once at enrollment.
/// </summary>
public sealed class TotpSecret
{
    private readonly byte[] _bytes;

    public TotpSecret(ReadOnlySpan<byte> bytes)
    {
        // RFC 4226 §4 R6: at least 128 bits; 160 bits recommended.
        if (bytes.Length < 16)
        {
            throw new ArgumentException("A TOTP secret is at least 16 bytes (RFC 4226 §4 R6).", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>A fresh secret as long as the algorithm's hash output (RFC 6238 §5.1), drawn from <paramref name="random"/>.</summary>
    public static TotpSecret Generate(OtpAlgorithm algorithm, RandomNumberGenerator random)
    {
        var bytes = new byte[algorithm.HashSize()];
        random.GetBytes(bytes);
        return new TotpSecret(bytes);
    }

    public static TotpSecret FromBase32(string text) =>
        Base32.Decode(text) is { } bytes ? new TotpSecret(bytes) : throw new FormatException("The secret is not base 32.");

    public int Length => _bytes.Length;

    /// <summary>The secret bytes; call only where the secret is deliberately used.</summary>
    public ReadOnlySpan<byte> Reveal() => _bytes;

    /// <summary>The secret in base 32 without padding, for the <c>otpauth://</c> URI handed out once at enrollment.</summary>
    public string RevealBase32() => Base32.Encode(_bytes);

    public override string ToString() => "[redacted TOTP secret]";
}
