using Latch.Core.Policies;

namespace Latch.Core.Tests.Policies;

public sealed class LocationLookupTests
{
    private static readonly PolicySet Set = PolicySet.Compile([],
    [
        new NamedLocation("loc_partner", "Partner", ["10.1.0.0/16"], Trusted: false),
        new NamedLocation("loc_hq", "HQ", ["10.0.0.0/8", "2001:db8:1::/48"], Trusted: true),
    ]);

    [Fact]
    public void An_address_names_the_first_location_that_holds_it()
    {
        Assert.Equal("Partner", Set.LocationContaining(NetworkAddress.Parse("10.1.2.3"))?.Name);
        Assert.Equal("HQ", Set.LocationContaining(NetworkAddress.Parse("2001:db8:1::5"))?.Name);
        Assert.Null(Set.LocationContaining(NetworkAddress.Parse("203.0.113.7")));
    }

    [Fact]
    public void Trusted_only_skips_untrusted_locations()
    {
        Assert.Equal("HQ", Set.LocationContaining(NetworkAddress.Parse("10.1.2.3"), trustedOnly: true)?.Name);
        Assert.Null(Set.LocationContaining(NetworkAddress.Parse("198.51.100.1"), trustedOnly: true));
    }
}
