using System.Buffers.Binary;
using System.Text;
using Latch.Core.Codes;
using Latch.Core.Crypto;
using Latch.Core.Offline;

namespace Latch.Server.Doors;

/// <summary>
/// Seals door secrets for storage like TOTP secrets: <c>version (1) ‖ ring key id (4) ‖ nonce (12) ‖ ciphertext (32) ‖ tag (16)</c>,
/// AES-256-GCM under an HKDF-derived key (info "latch door secret v1"); the associated data binds the header, the door id
/// and the secret's version, so a sealed secret copied to another door or version does not open.
/// </summary>
internal sealed class DoorSecretSealer(IEnumerable<CodeKey> ringKeys)
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4;
    private readonly RingAead _aead = new(ringKeys, "latch door secret v1");

    public byte[] Seal(DoorSecret secret, string doorId)
    {
        var sealedForm = new byte[HeaderSize + RingAead.NonceSize + DoorSecret.Size + RingAead.TagSize];
        var span = sealedForm.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..HeaderSize], _aead.SealingKeyId);
        _aead.Seal(secret.Reveal(), span.Slice(HeaderSize, RingAead.NonceSize), span.Slice(HeaderSize + RingAead.NonceSize, DoorSecret.Size),
            span[^RingAead.TagSize..], AssociatedData(span[..HeaderSize], doorId, secret.Version));
        return sealedForm;
    }

    /// <summary>The secret, or null when the sealed form is unknown or fails authentication (fail closed).</summary>
    public DoorSecret? Open(ReadOnlySpan<byte> sealedForm, string doorId, int version)
    {
        if (sealedForm.Length != HeaderSize + RingAead.NonceSize + DoorSecret.Size + RingAead.TagSize || sealedForm[0] != FormatVersion)
        {
            return null;
        }

        Span<byte> plain = stackalloc byte[DoorSecret.Size];
        var opened = _aead.TryOpen(BinaryPrimitives.ReadInt32BigEndian(sealedForm[1..HeaderSize]), sealedForm.Slice(HeaderSize, RingAead.NonceSize),
            sealedForm.Slice(HeaderSize + RingAead.NonceSize, DoorSecret.Size), sealedForm[^RingAead.TagSize..],
            AssociatedData(sealedForm[..HeaderSize], doorId, version), plain);
        var secret = opened ? new DoorSecret(version, plain) : null;
        plain.Clear();
        return secret;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string doorId, int version) =>
        [.. header, .. Encoding.UTF8.GetBytes(doorId), (byte)(version >> 24), (byte)(version >> 16), (byte)(version >> 8), (byte)version];
}
