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
    private readonly RingAead _aead = new(ringKeys, "latch door secret v1");

    public byte[] Seal(DoorSecret secret, string doorId) => _aead.SealForm(secret.Reveal(), Binding(doorId, secret.Version));

    /// <summary>The secret, or null when the sealed form is unknown or fails authentication (fail closed).</summary>
    public DoorSecret? Open(ReadOnlySpan<byte> sealedForm, string doorId, int version)
    {
        Span<byte> plain = stackalloc byte[DoorSecret.Size];
        var secret = _aead.TryOpenForm(sealedForm, Binding(doorId, version), plain) ? new DoorSecret(version, plain) : null;
        plain.Clear();
        return secret;
    }

    private static byte[] Binding(string doorId, int version) =>
        [.. Encoding.UTF8.GetBytes(doorId), (byte)(version >> 24), (byte)(version >> 16), (byte)(version >> 8), (byte)version];
}
