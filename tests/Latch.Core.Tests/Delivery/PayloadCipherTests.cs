using System.Security.Cryptography;
using System.Text;
using Latch.Core.Codes;
using Latch.Core.Delivery;

namespace Latch.Core.Tests.Delivery;

public sealed class PayloadCipherTests
{
    private static readonly CodeKey Key1 = new(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly CodeKey Key2 = new(2, Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_sealed_code_opens_for_its_own_delivery_under_the_newest_key()
    {
        var cipher = new PayloadCipher([Key1, Key2]);
        var sealedCode = cipher.Seal("dlv_a", new PlainCode("482913"));

        Assert.Equal(2, sealedCode.KeyId);
        Assert.Equal(PayloadCipher.NonceSize, sealedCode.Nonce.Length);
        Assert.Equal(PayloadCipher.TagSize, sealedCode.Tag.Length);
        Assert.DoesNotContain("482913", Encoding.Latin1.GetString(sealedCode.Ciphertext), StringComparison.Ordinal);
        Assert.Equal("482913", cipher.Open("dlv_a", sealedCode)!.Reveal());
    }

    [Fact]
    public void Sealing_twice_gives_different_ciphertexts()
    {
        var cipher = new PayloadCipher([Key1]);
        var a = cipher.Seal("dlv_a", new PlainCode("482913"));
        var b = cipher.Seal("dlv_a", new PlainCode("482913"));
        Assert.NotEqual(a.Nonce, b.Nonce);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void A_payload_moved_to_another_delivery_or_altered_does_not_open()
    {
        var cipher = new PayloadCipher([Key1]);
        var sealedCode = cipher.Seal("dlv_a", new PlainCode("482913"));

        Assert.Null(cipher.Open("dlv_b", sealedCode)); // the delivery id is the associated data
        var flipped = (byte[])sealedCode.Ciphertext.Clone();
        flipped[0] ^= 1;
        Assert.Null(cipher.Open("dlv_a", sealedCode with { Ciphertext = flipped }));
        Assert.Null(cipher.Open("dlv_a", sealedCode with { Tag = new byte[PayloadCipher.TagSize] }));
    }

    [Fact]
    public void A_payload_whose_key_left_the_ring_does_not_open_and_older_keys_still_do()
    {
        var old = new PayloadCipher([Key1]).Seal("dlv_a", new PlainCode("482913"));
        Assert.Equal("482913", new PayloadCipher([Key1, Key2]).Open("dlv_a", old)!.Reveal());
        Assert.Null(new PayloadCipher([Key2]).Open("dlv_a", old));
    }

    [Fact]
    public void The_encryption_key_is_derived_with_HKDF_and_is_not_the_tag_key()
    {
        var cipher = new PayloadCipher([Key1]);
        var sealedCode = cipher.Seal("dlv_a", new PlainCode("482913"));

        // Encrypting with the ring key itself must not open it: the ring key is only the HKDF input (RFC 5869).
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, Key1.Material, 32, [], Encoding.ASCII.GetBytes("latch/delivery-payload/v1"));
        Assert.NotEqual(Key1.Material, derived);
        var plain = new byte[sealedCode.Ciphertext.Length];
        using (var aes = new AesGcm(derived, PayloadCipher.TagSize))
        {
            aes.Decrypt(sealedCode.Nonce, sealedCode.Ciphertext, sealedCode.Tag, plain, Encoding.UTF8.GetBytes("dlv_a"));
        }

        Assert.Equal("482913", Encoding.UTF8.GetString(plain));
        using var wrong = new AesGcm(Key1.Material, PayloadCipher.TagSize);
        Assert.ThrowsAny<CryptographicException>(() => wrong.Decrypt(sealedCode.Nonce, sealedCode.Ciphertext, sealedCode.Tag, plain, Encoding.UTF8.GetBytes("dlv_a")));
    }

    [Fact]
    public void A_sealed_payload_does_not_print_its_bytes()
    {
        var sealedCode = new PayloadCipher([Key1]).Seal("dlv_a", new PlainCode("482913"));
        Assert.DoesNotContain("Ciphertext", sealedCode.ToString(), StringComparison.Ordinal);
    }
}
