using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;

namespace Latch.Core.Crypto;

/// <summary>
/// AES-256-GCM under keys derived for one purpose from the code key ring: HKDF-SHA256 (RFC 5869) with the purpose as
/// "info", so an HMAC tag key is never used directly as an encryption key and each use has its own keys. The newest
/// ring key seals; every key still in the ring opens what it sealed. Nonces are random (NIST SP 800-38D §8.2.2).
/// </summary>
public sealed class RingAead
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The first byte of a sealed form (<see cref="SealForm"/>).</summary>
    public const byte FormVersion = 1;

    private const int HeaderSize = 1 + 4;

    /// <summary>What a sealed form adds to the plain bytes: header, nonce and tag.</summary>
    public const int FormOverhead = HeaderSize + NonceSize + TagSize;

    private readonly Dictionary<int, byte[]> _keys;

    public RingAead(IEnumerable<CodeKey> ring, string purpose)
    {
        var info = Encoding.ASCII.GetBytes(purpose);
        _keys = ring.ToDictionary(k => k.Id, k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Material, 32, salt: [], info: info));
        if (_keys.Count == 0)
        {
            throw new ArgumentException("At least one ring key is required.", nameof(ring));
        }

        SealingKeyId = _keys.Keys.Max();
    }

    /// <summary>The id of the ring key that seals.</summary>
    public int SealingKeyId { get; }

    /// <summary>Fills <paramref name="nonce"/> with random bytes and seals <paramref name="plain"/> under the newest key.</summary>
    public void Seal(ReadOnlySpan<byte> plain, Span<byte> nonce, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[SealingKeyId], TagSize);
        ArgumentOutOfRangeException.ThrowIfNotEqual(ciphertext.Length, plain.Length, nameof(ciphertext));
        aes.Encrypt(nonce, plain, ciphertext, tag, associatedData);
    }

    /// <summary>Whether this ring holds the key <paramref name="keyId"/>.</summary>
    public bool Holds(int keyId) => _keys.ContainsKey(keyId);

    /// <summary>Opens into <paramref name="plain"/>; false when the key left the ring or anything was altered (fail closed).</summary>
    public bool TryOpen(int keyId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plain)
    {
        if (!_keys.TryGetValue(keyId, out var key) || nonce.Length != NonceSize || tag.Length != TagSize || plain.Length != ciphertext.Length)
        {
            return false;
        }

        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plain, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plain.Clear();
            return false;
        }
    }

    /// <summary>
    /// Seals into one stored value: <c>version (1) ‖ ring key id (4, big-endian) ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>.
    /// The associated data is that header followed by <paramref name="binding"/> (what the secret belongs to), so a
    /// sealed value copied to another owner does not open.
    /// </summary>
    public byte[] SealForm(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> binding)
    {
        var sealedForm = new byte[FormOverhead + plain.Length];
        var span = sealedForm.AsSpan();
        span[0] = FormVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..HeaderSize], SealingKeyId);
        Seal(plain, span.Slice(HeaderSize, NonceSize), span.Slice(HeaderSize + NonceSize, plain.Length), span[^TagSize..],
            [.. span[..HeaderSize], .. binding]);
        return sealedForm;
    }

    /// <summary>Opens a <see cref="SealForm"/> value into <paramref name="plain"/> (exactly as long as the ciphertext); false when it is not one, or does not open.</summary>
    public bool TryOpenForm(ReadOnlySpan<byte> sealedForm, ReadOnlySpan<byte> binding, Span<byte> plain)
    {
        if (sealedForm.Length != FormOverhead + plain.Length || sealedForm[0] != FormVersion)
        {
            return false;
        }

        return TryOpen(BinaryPrimitives.ReadInt32BigEndian(sealedForm[1..HeaderSize]), sealedForm.Slice(HeaderSize, NonceSize),
            sealedForm[(HeaderSize + NonceSize)..^TagSize], sealedForm[^TagSize..], [.. sealedForm[..HeaderSize], .. binding], plain);
    }
}
