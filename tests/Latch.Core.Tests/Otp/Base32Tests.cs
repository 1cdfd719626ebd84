using System.Text;
using Latch.Core.Otp;

namespace Latch.Core.Tests.Otp;

public sealed class Base32Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encodes_and_decodes_the_RFC_4648_test_vectors_without_padding(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded)!));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded.ToLowerInvariant() + "======")!));
    }

    [Theory]
    [InlineData("MZXW1")]
    [InlineData("MZ!Q")]
    [InlineData("MZ")]
    public void Refuses_characters_outside_the_alphabet_and_non_canonical_tails(string text) =>
        Assert.Null(Base32.Decode(text));
}
