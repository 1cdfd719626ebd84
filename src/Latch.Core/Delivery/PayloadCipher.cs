using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;
using Latch.Core.Crypto;

namespace Latch.Core.Delivery;

/// <summary>
/// Seals plain codes while they wait in the delivery queue (<see cref="RingAead"/>, purpose
/// <c>latch/delivery-payload/v1</c>). The delivery id is the associated data: a sealed payload moved to another
/// delivery row does not open.
/// </summary>
public sealed class PayloadCipher(IEnumerable<CodeKey> ring)
{
    public const int NonceSize = RingAead.NonceSize;
    public const int TagSize = RingAead.TagSize;

    private readonly RingAead _aead = new(ring, "latch/delivery-payload/v1");

    public SealedPayload Seal(string deliveryId, PlainCode code)
    {
        var plain = Encoding.UTF8.GetBytes(code.Reveal());
        var (nonce, ciphertext, tag) = (new byte[NonceSize], new byte[plain.Length], new byte[TagSize]);
        _aead.Seal(plain, nonce, ciphertext, tag, Encoding.UTF8.GetBytes(deliveryId));
        CryptographicOperations.ZeroMemory(plain);
        return new SealedPayload(_aead.SealingKeyId, nonce, ciphertext, tag);
    }

    /// <summary>Whether this node's ring holds the key a payload was sealed with (a node with a newer ring may have sealed it).</summary>
    public bool Holds(int keyId) => _aead.Holds(keyId);

    /// <summary>The code, or null when it cannot be opened (its key left the ring, or the row was altered): fail closed.</summary>
    public PlainCode? Open(string deliveryId, SealedPayload payload)
    {
        var plain = new byte[payload.Ciphertext.Length];
        try
        {
            return _aead.TryOpen(payload.KeyId, payload.Nonce, payload.Ciphertext, payload.Tag, Encoding.UTF8.GetBytes(deliveryId), plain)
                ? new PlainCode(Encoding.UTF8.GetString(plain))
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
