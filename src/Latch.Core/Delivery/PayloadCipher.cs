using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;

namespace Latch.Core.Delivery;

/// <summary>
/// Seals plain codes while they wait in the delivery queue: AES-256-GCM under a key derived from a code-key ring
/// key with HKDF-SHA256 (RFC 5869), so the HMAC tag key is never used directly as an encryption key. The
/// delivery id is the associated data: a sealed payload moved to another delivery row does not open.
/// </summary>
public sealed class PayloadCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    // RFC 5869 "info": binds the derived key to this one use and format version.
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("latch/delivery-payload/v1");

    private readonly Dictionary<int, byte[]> _keys;
    private readonly int _currentId;

    public PayloadCipher(IEnumerable<CodeKey> ring)
    {
        var keys = ring.ToList();
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is required.", nameof(ring));
        }

        _keys = keys.ToDictionary(k => k.Id, k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Material, 32, salt: [], info: Info));
        _currentId = keys.Max(k => k.Id);
    }

    public SealedPayload Seal(string deliveryId, PlainCode code)
    {
        var plain = Encoding.UTF8.GetBytes(code.Reveal());
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(_keys[_currentId], TagSize))
        {
            aes.Encrypt(nonce, plain, ciphertext, tag, Encoding.UTF8.GetBytes(deliveryId));
        }

        CryptographicOperations.ZeroMemory(plain);
        return new SealedPayload(_currentId, nonce, ciphertext, tag);
    }

    /// <summary>The code, or null when it cannot be opened (its key left the ring, or the row was altered): fail closed.</summary>
    public PlainCode? Open(string deliveryId, SealedPayload payload)
    {
        if (!_keys.TryGetValue(payload.KeyId, out var key) || payload.Nonce.Length != NonceSize || payload.Tag.Length != TagSize)
        {
            return null;
        }

        var plain = new byte[payload.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(payload.Nonce, payload.Ciphertext, payload.Tag, plain, Encoding.UTF8.GetBytes(deliveryId));
            return new PlainCode(Encoding.UTF8.GetString(plain));
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
}
