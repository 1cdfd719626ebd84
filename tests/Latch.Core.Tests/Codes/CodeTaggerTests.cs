using Latch.Core.Codes;

namespace Latch.Core.Tests.Codes;

public sealed class CodeTaggerTests
{
    private static readonly CodeKey First = new(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly CodeKey Second = new(2, Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_tag_is_a_version_byte_and_an_hmac_sha256_of_the_resource_and_code()
    {
        using var tagger = new CodeTagger([First]);
        var tag = tagger.Tag(First, "res_a", "123456");

        Assert.Equal(CodeTagger.TagSize, tag.Length);
        Assert.Equal(1, tag[0]);

        // Golden value: HMAC-SHA256(key 00..1f, [5]"res_a"[6]"123456").
        var expected = System.Security.Cryptography.HMACSHA256.HashData(First.Material, (byte[])[5, .. "res_a"u8, 6, .. "123456"u8]);
        Assert.Equal(expected, tag[1..]);
    }

    [Fact]
    public void Tags_differ_by_resource_code_and_key()
    {
        using var tagger = new CodeTagger([First, Second]);
        var tag = tagger.Tag(First, "res_a", "123456");

        Assert.NotEqual(tag, tagger.Tag(First, "res_b", "123456"));
        Assert.NotEqual(tag, tagger.Tag(First, "res_a", "123457"));
        Assert.NotEqual(tag, tagger.Tag(Second, "res_a", "123456"));
        Assert.Equal(tag, tagger.Tag(First, "res_a", "123456"));
        Assert.Same(Second, tagger.Current);
    }

    [Fact]
    public void Tagging_is_safe_from_many_threads()
    {
        using var tagger = new CodeTagger([First]);
        var expected = tagger.Tag(First, "res_a", "654321");

        Parallel.For(0, 10_000, _ => Assert.Equal(expected, tagger.Tag(First, "res_a", "654321")));
    }

    [Fact]
    public void A_plain_code_and_a_key_never_print_their_secret()
    {
        Assert.DoesNotContain("123456", new PlainCode("123456").ToString(), StringComparison.Ordinal);
        Assert.Equal("code key 1", First.ToString());
    }

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData("ab-cd-ef", "ABCDEF")]
    [InlineData("12345", null)]
    [InlineData("12345678901", "12345678901")] // offline door codes have up to 12 digits
    [InlineData("1234567890123", null)]
    [InlineData("ABCDEFGHJKL", null)]
    [InlineData("12345\u0000", null)]
    [InlineData("١٢٣٤٥٦", null)]
    [InlineData(null, null)]
    public void Typed_codes_are_normalized_or_refused(string? typed, string? expected) =>
        Assert.Equal(expected, CodeFormat.Normalize(typed));
}
