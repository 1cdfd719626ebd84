using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;
using Latch.Core.Crypto;

namespace Latch.Core.Tests.Crypto;

public sealed class RingAeadFormTests
{
    private const string Purpose = "latch test purpose v1";
    private static readonly CodeKey Key = new(7, RandomNumberGenerator.GetBytes(CodeKey.Size));

    // Stored TOTP and door secrets are in this form: it must stay version 1 ‖ key id (4, big-endian) ‖ nonce (12) ‖
    // ciphertext ‖ tag (16), with the header and the owner's binding as associated data, for them to keep opening.
    [Fact]
    public void A_sealed_form_is_the_documented_layout()
    {
        var aead = new RingAead([Key], Purpose);
        var plain = RandomNumberGenerator.GetBytes(20);
        byte[] binding = [.. "owner"u8];
        using var aes = new AesGcm(HKDF.DeriveKey(HashAlgorithmName.SHA256, Key.Material, 32, [], Encoding.ASCII.GetBytes(Purpose)), 16);

        var sealedForm = aead.SealForm(plain, binding);
        Assert.Equal(1, sealedForm[0]);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(sealedForm.AsSpan(1, 4)));
        var opened = new byte[plain.Length];
        aes.Decrypt(sealedForm.AsSpan(5, 12), sealedForm.AsSpan(17, plain.Length), sealedForm.AsSpan(17 + plain.Length), opened,
            [.. sealedForm.AsSpan(0, 5), .. binding]);
        Assert.Equal(plain, opened);

        byte[] header = [1, 0, 0, 0, 7];
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plain.Length];
        var tag = new byte[16];
        aes.Encrypt(nonce, plain, ciphertext, tag, (byte[])[.. header, .. binding]);
        var reopened = new byte[plain.Length];
        Assert.True(aead.TryOpenForm([.. header, .. nonce, .. ciphertext, .. tag], binding, reopened));
        Assert.Equal(plain, reopened);
        Assert.False(aead.TryOpenForm(sealedForm, "another owner"u8, reopened));
    }
}
