using System.Security.Cryptography;
using Latch.Core.Codes;
using Latch.Core.Crypto;
using Latch.Core.Otp;

namespace Latch.Core.Tests.Otp;

public sealed class TotpSecretSealerTests
{
    private static readonly CodeKey KeyOne = new(1, RandomNumberGenerator.GetBytes(CodeKey.Size));
    private static readonly CodeKey KeyTwo = new(2, RandomNumberGenerator.GetBytes(CodeKey.Size));

    [Fact]
    public void A_sealed_secret_opens_for_its_own_authenticator_only()
    {
        var sealer = new TotpSecretSealer([KeyOne, KeyTwo]);
        var secret = TotpSecret.Generate(OtpAlgorithm.Sha1, RandomNumberGenerator.Create());
        var sealedForm = sealer.Seal(secret, "aut_a");

        Assert.Equal(RingAead.FormVersion, sealedForm[0]);
        Assert.Equal(2, sealedForm[4]); // the newest key seals
        Assert.Equal(secret.RevealBase32(), sealer.Open(sealedForm, "aut_a")!.RevealBase32());
        Assert.Null(sealer.Open(sealedForm, "aut_b"));
        Assert.True(sealedForm.AsSpan().IndexOf(secret.Reveal()) < 0, "the plain secret is inside the sealed form");
    }

    [Fact]
    public void A_tampered_or_unknown_sealed_form_does_not_open()
    {
        var sealer = new TotpSecretSealer([KeyOne]);
        var sealedForm = sealer.Seal(TotpSecret.Generate(OtpAlgorithm.Sha256, RandomNumberGenerator.Create()), "aut_a");
        for (var i = 0; i < sealedForm.Length; i++)
        {
            var altered = (byte[])sealedForm.Clone();
            altered[i] ^= 0x01;
            Assert.Null(sealer.Open(altered, "aut_a"));
        }

        Assert.Null(new TotpSecretSealer([KeyTwo]).Open(sealedForm, "aut_a"));
    }

    [Fact]
    public void Secrets_sealed_before_a_key_rotation_still_open()
    {
        var secret = TotpSecret.Generate(OtpAlgorithm.Sha512, RandomNumberGenerator.Create());
        var sealedForm = new TotpSecretSealer([KeyOne]).Seal(secret, "aut_a");

        Assert.Equal(secret.RevealBase32(), new TotpSecretSealer([KeyOne, KeyTwo]).Open(sealedForm, "aut_a")!.RevealBase32());
    }
}
