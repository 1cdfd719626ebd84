using System.Security.Cryptography;
using System.Text;

namespace Latch.Core.Access;

/// <summary>
/// An API key in plain text (<c>latch_</c> + 43 base64url characters, 256 bits). Redacted in
/// <see cref="ToString"/>. Stored only as <see cref="Hash"/>: a version byte and SHA-256 of the key — a fast hash
/// is enough because the key is random and long, not a password.
/// </summary>
public sealed class ApiKeySecret
{
    private const string Prefix = "latch_";
    private const byte HashVersion = 1;
    private readonly string _value;

    private ApiKeySecret(string value) => _value = value;

    public static ApiKeySecret Generate() =>
        new(Prefix + Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Accepts a key given by a caller or an operator; null when it cannot be a Latch key.</summary>
    public static ApiKeySecret? FromString(string? value) =>
        value is { Length: >= 16 and <= 200 } && value.StartsWith(Prefix, StringComparison.Ordinal) ? new ApiKeySecret(value) : null;

    public string Reveal() => _value;

    public byte[] Hash() => HashOf(_value);

    public static byte[] HashOf(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        var hash = new byte[1 + 32];
        hash[0] = HashVersion;
        SHA256.HashData(utf8[..length], hash.AsSpan(1));
        return hash;
    }

    public override string ToString() => "[redacted api key]";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
