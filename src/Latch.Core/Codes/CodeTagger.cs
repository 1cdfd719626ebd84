using System.Security.Cryptography;
using System.Text;

namespace Latch.Core.Codes;

/// <summary>
/// Computes the stored form of a code: HMAC-SHA256 under a server key over the resource and the code, with a
/// version byte in front. Keys rotate: new codes use the newest key, older keys keep verifying their codes.
/// </summary>
public sealed class CodeTagger : IDisposable
{
    public const byte FormatVersion = 1;
    public const int TagSize = 1 + 32;

    private readonly CodeKey[] _keys;

    // Keyed HMAC contexts are reused per thread: a one-shot HMAC re-derives the key pads on every call.
    private readonly ThreadLocal<IncrementalHash?[]> _contexts;

    public CodeTagger(IEnumerable<CodeKey> keys)
    {
        _keys = [.. keys.OrderByDescending(k => k.Id)];
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one code key is required.", nameof(keys));
        }

        _contexts = new ThreadLocal<IncrementalHash?[]>(() => new IncrementalHash?[_keys.Length]);
    }

    /// <summary>The key new codes are tagged with.</summary>
    public CodeKey Current => _keys[0];

    /// <summary>All keys, newest first: a typed code is looked up under each.</summary>
    public IReadOnlyList<CodeKey> Keys => _keys;

    public byte[] Tag(CodeKey key, string resourceId, PlainCode code) => Tag(key, resourceId, code.Reveal());

    /// <summary>Tags an already normalized code (see <see cref="CodeFormat.Normalize"/>).</summary>
    public byte[] Tag(CodeKey key, string resourceId, string normalizedCode)
    {
        var index = Array.IndexOf(_keys, key);
        if (index < 0)
        {
            throw new ArgumentException("The key is not in this ring.", nameof(key));
        }

        var contexts = _contexts.Value!;
        var hmac = contexts[index] ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Material);

        // Length-prefixed fields keep ("ab","c") and ("a","bc") apart.
        Span<byte> buffer = stackalloc byte[256];
        var written = Encode(buffer, resourceId, normalizedCode);
        hmac.AppendData(buffer[..written]);

        var tag = new byte[TagSize];
        tag[0] = FormatVersion;
        hmac.GetHashAndReset(tag.AsSpan(1));
        return tag;
    }

    private static int Encode(Span<byte> buffer, string resourceId, string code)
    {
        var resourceBytes = Encoding.UTF8.GetByteCount(resourceId);
        var codeBytes = Encoding.UTF8.GetByteCount(code);
        if (resourceBytes > 200 || codeBytes > 50)
        {
            throw new ArgumentException("Resource id or code is too long to tag.");
        }

        buffer[0] = (byte)resourceBytes;
        var offset = 1 + Encoding.UTF8.GetBytes(resourceId, buffer[1..]);
        buffer[offset++] = (byte)codeBytes;
        return offset + Encoding.UTF8.GetBytes(code, buffer[offset..]);
    }

    public void Dispose() => _contexts.Dispose();
}
