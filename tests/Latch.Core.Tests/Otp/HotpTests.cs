using System.Text;
using Latch.Core.Otp;

namespace Latch.Core.Tests.Otp;

public sealed class HotpTests
{
    private static readonly TotpSecret RfcSecret = new(Encoding.ASCII.GetBytes("12345678901234567890"));

    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Matches_the_RFC_4226_appendix_D_test_values(long counter, string expected) =>
        Assert.Equal(expected, Hotp.Compute(RfcSecret, counter, 6));

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void Refuses_a_digit_count_outside_six_to_eight(int digits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Hotp.Compute(RfcSecret, 0, digits));

    [Fact]
    public void A_secret_shorter_than_128_bits_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TotpSecret(new byte[15]));

    [Fact]
    public void A_secret_never_shows_itself_in_text()
    {
        Assert.DoesNotContain("1234", RfcSecret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RfcSecret.RevealBase32(), $"{RfcSecret}", StringComparison.Ordinal);
    }
}
