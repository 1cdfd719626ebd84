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
    private const int MinSecretBytes = 16;

    private readonly RingAead _aead = new(ringKeys, "latch totp secret v1");

    public byte[] Seal(TotpSecret secret, string authenticatorId) => _aead.SealForm(secret.Reveal(), Encoding.UTF8.GetBytes(authenticatorId));

    /// <summary>The secret, or null when the sealed form is unknown, its key is gone, or it fails authentication (fail closed).</summary>
    public TotpSecret? Open(ReadOnlySpan<byte> sealedForm, string authenticatorId)
    {
        if (sealedForm.Length < RingAead.FormOverhead + MinSecretBytes)
        {
            return null;
        }

        var plain = new byte[sealedForm.Length - RingAead.FormOverhead];
        try
        {
            return _aead.TryOpenForm(sealedForm, Encoding.UTF8.GetBytes(authenticatorId), plain) ? new TotpSecret(plain) : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
