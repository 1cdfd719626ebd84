using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;
using Latch.Core.Crypto;

namespace Latch.Core.Otp;

/// <summary>
/// Encrypts TOTP secrets for storage. The sealed form is
/// <c>version (1) ‖ key id (4, big-endian) ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>:
/// 1. the encryption key is HKDF-SHA256 (RFC 5869) of a server ring key with info "latch totp secret v1"
///    (<see cref="RingAead"/>), so the code-tag keys are never used directly for a second purpose;
/// 2. AES-256-GCM with a random 96-bit nonce;
/// 3. the associated data is the header and the authenticator's id, so a sealed secret moved to another row
///    does not open.
/// New secrets use the newest key; older keys keep opening what they sealed.
/// </summary>
public sealed class TotpSecretSealer(IEnumerable<CodeKey> ringKeys)
{
    public const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4;
    private const int NonceSize = RingAead.NonceSize;
    private const int TagSize = RingAead.TagSize;

    private readonly RingAead _aead = new(ringKeys, "latch totp secret v1");

    public byte[] Seal(TotpSecret secret, string authenticatorId)
    {
        var plain = secret.Reveal();
        var sealedForm = new byte[HeaderSize + NonceSize + plain.Length + TagSize];
        var span = sealedForm.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..HeaderSize], _aead.SealingKeyId);
        _aead.Seal(plain, span.Slice(HeaderSize, NonceSize), span.Slice(HeaderSize + NonceSize, plain.Length), span[^TagSize..],
            AssociatedData(span[..HeaderSize], authenticatorId));
        return sealedForm;
    }

    /// <summary>The secret, or null when the sealed form is unknown, its key is gone, or it fails authentication (fail closed).</summary>
    public TotpSecret? Open(ReadOnlySpan<byte> sealedForm, string authenticatorId)
    {
        if (sealedForm.Length < HeaderSize + NonceSize + 16 + TagSize || sealedForm[0] != FormatVersion)
        {
            return null;
        }

        var cipher = sealedForm[(HeaderSize + NonceSize)..^TagSize];
        var plain = new byte[cipher.Length];
        try
        {
            return _aead.TryOpen(BinaryPrimitives.ReadInt32BigEndian(sealedForm[1..HeaderSize]), sealedForm.Slice(HeaderSize, NonceSize), cipher,
                sealedForm[^TagSize..], AssociatedData(sealedForm[..HeaderSize], authenticatorId), plain)
                ? new TotpSecret(plain)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string authenticatorId) =>
        [.. header, .. Encoding.UTF8.GetBytes(authenticatorId)];
}
