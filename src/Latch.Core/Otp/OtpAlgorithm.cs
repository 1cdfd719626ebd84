using System.Security.Cryptography;

namespace Latch.Core.Otp;

/// <summary>The HMAC hash of an HOTP/TOTP generator (RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512).</summary>
public enum OtpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

public static class OtpAlgorithms
{
    /// <summary>The name in the Key Uri Format and in the API: <c>SHA1</c>, <c>SHA256</c>, <c>SHA512</c>.</summary>
    public static string WireName(this OtpAlgorithm algorithm) => algorithm switch
    {
        OtpAlgorithm.Sha1 => "SHA1",
        OtpAlgorithm.Sha256 => "SHA256",
        OtpAlgorithm.Sha512 => "SHA512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static bool TryParse(string? name, out OtpAlgorithm algorithm)
    {
        algorithm = name?.ToUpperInvariant() switch
        {
            "SHA1" => OtpAlgorithm.Sha1,
            "SHA256" => OtpAlgorithm.Sha256,
            "SHA512" => OtpAlgorithm.Sha512,
            _ => (OtpAlgorithm)(-1),
        };
        return Enum.IsDefined(algorithm);
    }

    /// <summary>The hash output size: RFC 6238 §5.1 recommends a shared secret of this length.</summary>
    public static int HashSize(this OtpAlgorithm algorithm) => algorithm switch
    {
        OtpAlgorithm.Sha1 => HMACSHA1.HashSizeInBytes,
        OtpAlgorithm.Sha256 => HMACSHA256.HashSizeInBytes,
        OtpAlgorithm.Sha512 => HMACSHA512.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };
}
