using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;

namespace Latch.Core.Otp;

/// <summary>
/// Encrypts TOTP secrets for storage. The sealed form is
/// <c>version (1) ‖ key id (4, big-endian) ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>:
/// 1. the encryption key is HKDF-SHA256 (RFC 5869) of a server ring key with info "latch totp secret v1", so the
///    code-tag keys are never used directly for a second purpose;
/// 2. AES-256-GCM with a random 96-bit nonce (NIST SP 800-38D §8.2.2);
/// 3. the associated data is the header and the authenticator's id, so a sealed secret moved to another row
///    does not open.
/// New secrets use the newest key; older keys keep opening what they sealed.
/// </summary>
public sealed class TotpSecretSealer
{
    public const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("latch totp secret v1");

    private readonly Dictionary<int, byte[]> _keys;
    private readonly int _newest;

    public TotpSecretSealer(IEnumerable<CodeKey> ringKeys)
    {
        _keys = ringKeys.ToDictionary(k => k.Id, k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Material, 32, [], Info));
        if (_keys.Count == 0)
        {
            throw new ArgumentException("At least one ring key is required.", nameof(ringKeys));
        }

        _newest = _keys.Keys.Max();
    }

    public byte[] Seal(TotpSecret secret, string authenticatorId)
    {
        var plain = secret.Reveal();
        var sealedForm = new byte[HeaderSize + NonceSize + plain.Length + TagSize];
        var span = sealedForm.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..HeaderSize], _newest);
        var nonce = span.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_newest], TagSize);
        aes.Encrypt(nonce, plain, span.Slice(HeaderSize + NonceSize, plain.Length), span[^TagSize..],
            AssociatedData(span[..HeaderSize], authenticatorId));
        return sealedForm;
    }

    /// <summary>The secret, or null when the sealed form is unknown, its key is gone, or it fails authentication (fail closed).</summary>
    public TotpSecret? Open(ReadOnlySpan<byte> sealedForm, string authenticatorId)
    {
        if (sealedForm.Length < HeaderSize + NonceSize + 16 + TagSize || sealedForm[0] != FormatVersion
            || !_keys.TryGetValue(BinaryPrimitives.ReadInt32BigEndian(sealedForm[1..HeaderSize]), out var key))
        {
            return null;
        }

        var cipher = sealedForm[(HeaderSize + NonceSize)..^TagSize];
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedForm.Slice(HeaderSize, NonceSize), cipher, sealedForm[^TagSize..], plain,
                AssociatedData(sealedForm[..HeaderSize], authenticatorId));
            return new TotpSecret(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string authenticatorId) =>
        [.. header, .. Encoding.UTF8.GetBytes(authenticatorId)];
}
