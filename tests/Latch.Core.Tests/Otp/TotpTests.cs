using System.Security.Cryptography;
using System.Text;
using Latch.Core.Otp;

namespace Latch.Core.Tests.Otp;

public sealed class TotpTests
{
    private static readonly TotpSecret Sha1Seed = Seed("12345678901234567890");
    private static readonly TotpSecret Sha256Seed = Seed("12345678901234567890123456789012");
    private static readonly TotpSecret Sha512Seed = Seed("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Matches_the_RFC_6238_appendix_B_test_values_for_all_three_hashes(long time, string sha1, string sha256, string sha512)
    {
        Assert.Equal(sha1, Totp.Compute(Sha1Seed, time, new TotpSettings(OtpAlgorithm.Sha1, 8)));
        Assert.Equal(sha256, Totp.Compute(Sha256Seed, time, new TotpSettings(OtpAlgorithm.Sha256, 8)));
        Assert.Equal(sha512, Totp.Compute(Sha512Seed, time, new TotpSettings(OtpAlgorithm.Sha512, 8)));
    }

    [Theory]
    [InlineData(59L, "94287082", OtpAlgorithm.Sha1)]
    [InlineData(1111111109L, "68084774", OtpAlgorithm.Sha256)]
    [InlineData(20000000000L, "47863826", OtpAlgorithm.Sha512)]
    public void The_RFC_6238_values_validate_at_their_instant(long time, string code, OtpAlgorithm algorithm)
    {
        var seed = algorithm switch { OtpAlgorithm.Sha1 => Sha1Seed, OtpAlgorithm.Sha256 => Sha256Seed, _ => Sha512Seed };
        var check = Totp.Validate(seed, code, time, -1, new TotpSettings(algorithm, 8));
        Assert.Equal(new TotpCheck.Accepted(time / 30), check);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    [InlineData(0, true)]
    public void A_code_one_step_off_is_accepted_and_two_steps_off_is_not_by_default(int stepsOff, bool accepted)
    {
        const long Now = 1_700_000_000;
        var code = Totp.Compute(Sha1Seed, Now + stepsOff * 30, TotpSettings.Default);
        var check = Totp.Validate(Sha1Seed, code, Now, -1, TotpSettings.Default);
        if (accepted)
        {
            Assert.Equal(new TotpCheck.Accepted(Now / 30 + stepsOff), check);
        }
        else
        {
            Assert.IsType<TotpCheck.NoMatch>(check);
        }
    }

    [Fact]
    public void The_skew_is_configurable()
    {
        const long Now = 1_700_000_000;
        var twoAhead = Totp.Compute(Sha1Seed, Now + 60, TotpSettings.Default);
        Assert.IsType<TotpCheck.Accepted>(Totp.Validate(Sha1Seed, twoAhead, Now, -1, TotpSettings.Default with { SkewSteps = 2 }));
        var oneAhead = Totp.Compute(Sha1Seed, Now + 30, TotpSettings.Default);
        Assert.IsType<TotpCheck.NoMatch>(Totp.Validate(Sha1Seed, oneAhead, Now, -1, TotpSettings.Default with { SkewSteps = 0 }));
    }

    [Fact]
    public void A_step_at_or_before_the_last_accepted_one_is_a_replay()
    {
        const long Now = 1_700_000_000;
        var code = Totp.Compute(Sha1Seed, Now, TotpSettings.Default);
        var first = Assert.IsType<TotpCheck.Accepted>(Totp.Validate(Sha1Seed, code, Now, -1, TotpSettings.Default));

        Assert.IsType<TotpCheck.Replayed>(Totp.Validate(Sha1Seed, code, Now, first.Step, TotpSettings.Default));
        Assert.IsType<TotpCheck.Replayed>(Totp.Validate(Sha1Seed, code, Now + 30, first.Step, TotpSettings.Default));

        // An earlier step inside the window is refused too once a later one was used.
        var earlier = Totp.Compute(Sha1Seed, Now - 30, TotpSettings.Default);
        Assert.IsType<TotpCheck.Replayed>(Totp.Validate(Sha1Seed, earlier, Now, first.Step, TotpSettings.Default));
        var later = Totp.Compute(Sha1Seed, Now + 30, TotpSettings.Default);
        Assert.Equal(new TotpCheck.Accepted(first.Step + 1), Totp.Validate(Sha1Seed, later, Now, first.Step, TotpSettings.Default));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("")]
    [InlineData("１２３４５６")]
    public void A_value_of_the_wrong_shape_is_malformed(string typed) =>
        Assert.IsType<TotpCheck.Malformed>(Totp.Validate(Sha1Seed, typed, 1_700_000_000, -1, TotpSettings.Default));

    [Fact]
    public void An_eight_digit_authenticator_refuses_its_code_cut_to_six_digits()
    {
        var settings = new TotpSettings(OtpAlgorithm.Sha1, 8);
        var code = Totp.Compute(Sha1Seed, 59, settings);
        Assert.IsType<TotpCheck.Malformed>(Totp.Validate(Sha1Seed, code[2..], 59, -1, settings));
        Assert.IsType<TotpCheck.NoMatch>(Totp.Validate(Sha1Seed, "00000000" == code ? "11111111" : "00000000", 59, -1, settings));
    }

    [Fact]
    public void A_generated_secret_is_as_long_as_the_hash()
    {
        Assert.Equal(20, TotpSecret.Generate(OtpAlgorithm.Sha1, RandomNumberGenerator.Create()).Length);
        Assert.Equal(32, TotpSecret.Generate(OtpAlgorithm.Sha256, RandomNumberGenerator.Create()).Length);
        Assert.Equal(64, TotpSecret.Generate(OtpAlgorithm.Sha512, RandomNumberGenerator.Create()).Length);
    }

    [Fact]
    public void The_otpauth_uri_follows_the_key_uri_format()
    {
        var uri = OtpAuthUri.ForTotp(Sha1Seed, "ada lovelace", TotpSettings.Default);
        Assert.Equal("otpauth://totp/Latch:ada%20lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Latch&algorithm=SHA1&digits=6&period=30", uri);
        Assert.EndsWith("algorithm=SHA512&digits=8&period=60",
            OtpAuthUri.ForTotp(Sha512Seed, "ada", new TotpSettings(OtpAlgorithm.Sha512, 8, 60)), StringComparison.Ordinal);
    }

    private static TotpSecret Seed(string ascii) => new(Encoding.ASCII.GetBytes(ascii));
}
