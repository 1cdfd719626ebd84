using Latch.Core.Policies;

namespace Latch.Core.Tests.Policies;

public sealed class CidrTests
{
    private static bool Contains(string cidr, string ip) => Cidr.Parse(cidr).Contains(NetworkAddress.Parse(ip));

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", true)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("192.168.1.0/24", "192.168.1.255", true)]
    [InlineData("192.168.1.0/24", "192.168.2.0", false)]
    [InlineData("203.0.113.7/32", "203.0.113.7", true)]
    [InlineData("203.0.113.7/32", "203.0.113.8", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "0.0.0.0", true)]
    public void IPv4_ranges_include_their_first_and_last_address_and_nothing_outside(string cidr, string ip, bool expected) =>
        Assert.Equal(expected, Contains(cidr, ip));

    [Theory]
    [InlineData("2001:db8::/32", "2001:db8::", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::2", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "::", true)]
    [InlineData("::/0", "10.1.2.3", true)]
    public void IPv6_ranges_include_their_bounds_and_slash_zero_covers_everything(string cidr, string ip, bool expected) =>
        Assert.Equal(expected, Contains(cidr, ip));

    [Theory]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.1.2.3", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("0.0.0.0/0", "::ffff:1.2.3.4", true)]
    [InlineData("10.0.0.0/8", "::a01:203", false)]
    public void IPv4_ranges_match_IPv4_mapped_IPv6_addresses_but_not_native_IPv6(string cidr, string ip, bool expected) =>
        Assert.Equal(expected, Contains(cidr, ip));

    [Fact]
    public void Host_bits_below_the_prefix_are_accepted_and_cleared()
    {
        var cidr = Cidr.Parse("10.1.2.3/8");
        Assert.Equal("10.0.0.0/8", cidr.ToString());
        Assert.True(cidr.Contains(NetworkAddress.Parse("10.200.0.1")));
        Assert.Equal("2001:db8::/32", Cidr.Parse("2001:db8:1::5/32").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0/8")]
    [InlineData("10")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("not-an-ip/8")]
    public void Malformed_ranges_are_refused(string text) => Assert.False(Cidr.TryParse(text, out _));

    [Fact]
    public void Addresses_round_trip_in_their_own_family()
    {
        Assert.Equal("10.1.2.3", NetworkAddress.Parse("10.1.2.3").ToString());
        Assert.Equal("2001:db8::1", NetworkAddress.Parse("2001:db8::1").ToString());
        Assert.True(NetworkAddress.Parse("::ffff:10.1.2.3").IsIPv4Mapped);
        Assert.Equal(NetworkAddress.Parse("10.1.2.3"), NetworkAddress.Parse("::ffff:10.1.2.3"));
    }
}
