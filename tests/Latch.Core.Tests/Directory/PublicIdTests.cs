using Latch.Core.Access;
using Latch.Core.Directory;

namespace Latch.Core.Tests.Directory;

public sealed class PublicIdTests
{
    [Fact]
    public void Ids_carry_their_kind_and_100_random_bits()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => PublicId.New(PublicId.Code)).ToList();
        Assert.All(ids, id => Assert.True(PublicId.HasShape(id, PublicId.Code)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("res_0123456789abcdefghjk", true)]
    [InlineData("res_0123456789abcdefghji", false)]
    [InlineData("usr_0123456789abcdefghjk", false)]
    [InlineData("res_0123", false)]
    [InlineData(null, false)]
    public void Shape_checks_prefix_length_and_alphabet(string? id, bool expected) =>
        Assert.Equal(expected, PublicId.HasShape(id, PublicId.Resource));

    [Fact]
    public void Api_keys_are_long_random_and_hashed_with_a_version_byte()
    {
        var key = ApiKeySecret.Generate();
        Assert.StartsWith("latch_", key.Reveal(), StringComparison.Ordinal);
        Assert.Equal(49, key.Reveal().Length);
        Assert.Equal(1, key.Hash()[0]);
        Assert.Equal(key.Hash(), ApiKeySecret.HashOf(key.Reveal()));
        Assert.DoesNotContain(key.Reveal(), key.ToString(), StringComparison.Ordinal);
        Assert.Null(ApiKeySecret.FromString("not-a-latch-key-but-long"));
    }
}
