namespace Latch.Server.Tests.Policies;

public static partial class PolicyScenarios
{
    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<PolicyScenario> Risk()
    {
        var risky = PolicySpec.Blocking("Risky") with { SignInRisk = ["medium", "high"] };
        var untrusted = PolicySpec.Code("Untrusted") with { SignInRisk = ["low"] };
        var riskyUser = PolicySpec.Blocking("RiskyUser") with { UserRisk = ["high"] };
        yield return new("Simulated high sign-in risk matches", [risky], new() { SignInRisk = "high" }, "block",
            V("Risky", true, "block", "sign-in risk 'high' in [medium, high]"));
        yield return new("Simulated low sign-in risk does not match medium and high", [risky], new() { SignInRisk = "low" }, "allow",
            Off("Risky", "sign-in risk 'low' not in [medium, high]"));
        yield return new("Simulated sign-in risk overrides a trusted address", [risky], new() { Ip = "10.0.0.1", SignInRisk = "medium" }, "block",
            V("Risky", true, "block", "sign-in risk 'medium' in [medium, high]"));
        yield return new("A trusted address computes no sign-in risk", [untrusted], new() { Ip = "10.1.2.3" }, "allow",
            Off("Untrusted", "sign-in risk 'none' not in [low]"))
        { SignInRisk = "none" };
        yield return new("An untrusted address computes low sign-in risk", [untrusted], new() { Ip = "198.51.100.9" }, "challenge",
            V("Untrusted", true, "requireCode", "sign-in risk 'low' in [low]"))
        { SignInRisk = "low" };
        yield return new("No address computes no sign-in risk", [untrusted], new(), "allow",
            Off("Untrusted", "sign-in risk 'none' not in [low]"))
        { SignInRisk = "none" };
        yield return new("A stored high user risk matches", [riskyUser], new(), "block",
            V("RiskyUser", true, "block", "user risk 'high' in [high]"))
        { Arrange = f => f.SetUserRiskAsync("@ada", "high") };
        yield return new("A stored user risk below the condition does not match", [riskyUser], new(), "allow",
            Off("RiskyUser", "user risk 'medium' not in [high]"))
        { Arrange = f => f.SetUserRiskAsync("@ada", "medium") };
        yield return new("The default user risk is none", [riskyUser], new(), "allow",
            Off("RiskyUser", "user risk 'none' not in [high]"));
        yield return new("Simulated user risk overrides the stored one", [riskyUser], new() { UserRisk = "high" }, "block",
            V("RiskyUser", true, "block", "user risk 'high' in [high]"));
    }

    private static IEnumerable<PolicyScenario> Locations()
    {
        var block = PolicySpec.Blocking("Block");
        var outside = block with { Locations = ["any"], ExcludeLocations = ["trusted"] };
        yield return new("A named location includes its IPv4 range", [block with { Locations = ["@HQ"] }], new() { Ip = "10.20.30.40" }, "block",
            V("Block", true, "block", "location 'HQ' matched"));
        yield return new("A named location includes its IPv6 range", [block with { Locations = ["@HQ"] }], new() { Ip = "2001:db8:1:ffff::1" }, "block",
            V("Block", true, "block", "location 'HQ' matched"));
        yield return new("An address outside the named location is not included", [block with { Locations = ["@HQ"] }], new() { Ip = "198.51.100.1" }, "allow",
            Off("Block", "location not included"));
        yield return new("Trusted includes a trusted location", [block with { Locations = ["trusted"] }], new() { Ip = "10.0.0.1" }, "block",
            V("Block", true, "block", "location trusted 'HQ' matched"));
        yield return new("Trusted does not include an untrusted location", [block with { Locations = ["trusted"] }], new() { Ip = "198.51.100.1" }, "allow",
            Off("Block", "location not included"));
        yield return new("Any minus trusted excludes the office", [outside], new() { Ip = "10.0.0.1" }, "allow",
            Off("Block", "location trusted 'HQ' excluded"));
        yield return new("Any minus trusted includes a partner network", [outside], new() { Ip = "198.51.100.1" }, "block",
            V("Block", true, "block", "location included (any location)"));
        yield return new("Any minus trusted includes an address in no location", [outside], new() { Ip = "203.0.113.5" }, "block",
            V("Block", true, "block", "location included (any location)"));
        yield return new("A named exclusion wins over any", [block with { Locations = ["any"], ExcludeLocations = ["@Partner"] }], new() { Ip = "198.51.100.1" }, "allow",
            Off("Block", "location 'Partner' excluded"));
        yield return new("An empty location include with a trusted exclusion reads as any", [block with { Locations = [], ExcludeLocations = ["trusted"] }], new() { Ip = "198.51.100.1" }, "block",
            V("Block", true, "block", "location included (any location)"));
        yield return new("An empty location include still honours the trusted exclusion", [block with { Locations = [], ExcludeLocations = ["trusted"] }], new() { Ip = "2001:db8:1::5" }, "allow",
            Off("Block", "location trusted 'HQ' excluded"));
        yield return new("Without an IP a named location cannot be shown", [block with { Locations = ["@HQ"] }], new(), "allow",
            Off("Block", "no IP address to match locations"));
        yield return new("Without an IP any still includes and exclusions cannot be shown", [outside], new(), "block",
            V("Block", true, "block", "no IP address to match exclusions"));
    }

    private static IEnumerable<PolicyScenario> Addresses()
    {
        PolicyScenario At(string name, string location, string ip, bool inside) =>
            new(name, [PolicySpec.Blocking("Block") with { Locations = ["@" + location] }], new() { Ip = ip }, inside ? "block" : "allow",
                inside ? V("Block", true, "block", $"location '{location}' matched") : Off("Block", "location not included"));
        yield return At("IPv4 /24: the first address is inside", "Partner", "198.51.100.0", true);
        yield return At("IPv4 /24: the last address is inside", "Partner", "198.51.100.255", true);
        yield return At("IPv4 /24: the next address is outside", "Partner", "198.51.101.0", false);
        yield return At("IPv4 /24: the previous address is outside", "Partner", "198.51.99.255", false);
        yield return At("IPv4 /32: the address itself is inside", "Single", "192.0.2.7", true);
        yield return At("IPv4 /32: its neighbour is outside", "Single", "192.0.2.8", false);
        yield return At("IPv6 /64: the first address is inside", "Lab6", "2001:db8:2::", true);
        yield return At("IPv6 /64: the last address is inside", "Lab6", "2001:db8:2:0:ffff:ffff:ffff:ffff", true);
        yield return At("IPv6 /64: the next address is outside", "Lab6", "2001:db8:2:1::", false);
        yield return At("IPv6 /64: the previous address is outside", "Lab6", "2001:db8:1:ffff:ffff:ffff:ffff:ffff", false);
        yield return At("IPv6 /128: the address itself is inside", "Host6", "2001:db8:3::1", true);
        yield return At("IPv6 /128: its neighbour is outside", "Host6", "2001:db8:3::2", false);
        yield return At("IPv4-mapped IPv6 matches the IPv4 range", "HQ", "::ffff:10.0.0.1", true);
        yield return At("A native IPv6 address does not match an IPv4 range", "HQ", "::a00:1", false);
        yield return new("An IPv4-mapped address in a trusted range computes no sign-in risk",
            [PolicySpec.Code("Untrusted") with { SignInRisk = ["low"] }], new() { Ip = "::ffff:10.0.0.1" }, "allow",
            Off("Untrusted", "sign-in risk 'none' not in [low]"))
        { SignInRisk = "none" };
    }

    private static IEnumerable<PolicyScenario> Devices()
    {
        var block = PolicySpec.Blocking("Block");
        yield return new("A device on a listed platform matches", [block with { Platforms = ["ios"] }], new() { Device = "@phone" }, "block",
            V("Block", true, "block", "platform 'ios' in [ios]"));
        yield return new("A device on another platform does not match", [block with { Platforms = ["ios"] }], new() { Device = "@laptop" }, "allow",
            Off("Block", "platform 'windows' not in [ios]"));
        yield return new("No device does not match a platform condition", [block with { Platforms = ["ios", "android"] }], new(), "allow",
            Off("Block", "no device platform to match [ios, android]"));
        yield return new("A device with no platform does not match a platform condition", [block with { Platforms = ["windows"] }], new() { Device = "@bare" }, "allow",
            Off("Block", "no device platform to match [windows]"));
        yield return new("A listed client app matches", [block with { ClientApps = ["keypad"] }], new() { ClientApp = "keypad" }, "block",
            V("Block", true, "block", "client app 'keypad' in [keypad]"));
        yield return new("Another client app does not match", [block with { ClientApps = ["keypad"] }], new() { ClientApp = "browser" }, "allow",
            Off("Block", "client app 'browser' not in [keypad]"));
        yield return new("No client app does not match a client app condition", [block with { ClientApps = ["browser", "mobile"] }], new(), "allow",
            Off("Block", "no client app to match [browser, mobile]"));
        yield return new("A compliant device matches the compliant condition", [block with { DeviceCompliance = "compliant" }], new() { Device = "@laptop" }, "block",
            V("Block", true, "block", "device compliant (condition: compliant)"));
        yield return new("A non-compliant device matches the nonCompliant condition", [block with { DeviceCompliance = "nonCompliant" }], new() { Device = "@phone" }, "block",
            V("Block", true, "block", "device not compliant (condition: nonCompliant)"));
        yield return new("A compliant device does not match the nonCompliant condition", [block with { DeviceCompliance = "nonCompliant" }], new() { Device = "@laptop" }, "allow",
            Off("Block", "device compliant (condition: nonCompliant)"));
        yield return new("No device does not match the compliant condition", [block with { DeviceCompliance = "compliant" }], new(), "allow",
            Off("Block", "no device known (condition: compliant)"));
    }

    private static IEnumerable<PolicyScenario> Times()
    {
        PolicyScenario At(string name, (string, string, string, string) window, string instant, bool inside, string local) =>
            new(name, [PolicySpec.Blocking("Hours") with { Time = window }], new() { At = Utc(instant) }, inside ? "block" : "allow",
                V("Hours", inside, inside ? "block" : "notApplied", $"{(inside ? "inside" : "outside")} time window", $"(local {local})"));
        var office = ("mon,tue,wed,thu,fri", "08:00", "18:00", "Europe/Berlin");
        yield return At("Berlin office hours open at 08:00 (inclusive)", office, "2026-03-02T07:00:00Z", true, "mon 08:00");
        yield return At("Berlin office hours: 07:59 is before the window", office, "2026-03-02T06:59:00Z", false, "mon 07:59");
        yield return At("Berlin office hours: 17:59 is inside", office, "2026-03-02T16:59:00Z", true, "mon 17:59");
        yield return At("Berlin office hours close at 18:00 (exclusive)", office, "2026-03-02T17:00:00Z", false, "mon 18:00");
        yield return At("Berlin office hours: Saturday is outside", office, "2026-03-07T10:00:00Z", false, "sat 11:00");
        yield return At("Berlin summer time: 08:00 CEST is 06:00 UTC", office, "2026-07-06T06:00:00Z", true, "mon 08:00");

        var afterJump = ("sun", "03:00", "04:00", "Europe/Berlin");
        yield return At("Berlin DST start: 01:00Z is 03:00 CEST, inside", afterJump, "2026-03-29T01:00:00Z", true, "sun 03:00");
        yield return At("Berlin DST start: 00:59Z is 01:59 CET, outside", afterJump, "2026-03-29T00:59:00Z", false, "sun 01:59");
        yield return At("Berlin DST start: the skipped hour 02:00-03:00 never matches", ("sun", "02:00", "03:00", "Europe/Berlin"), "2026-03-29T01:00:00Z", false, "sun 03:00");

        var repeated = ("sun", "01:00", "02:00", "America/New_York");
        yield return At("New York DST end: 05:30Z is 01:30 EDT, inside", repeated, "2026-11-01T05:30:00Z", true, "sun 01:30");
        yield return At("New York DST end: 06:00Z is the repeated 01:00 EST, inside", repeated, "2026-11-01T06:00:00Z", true, "sun 01:00");
        yield return At("New York DST end: 07:00Z is 02:00 EST, outside", repeated, "2026-11-01T07:00:00Z", false, "sun 02:00");
        yield return At("New York DST end: 06:00Z is not 02:00 local", ("sun", "02:00", "03:00", "America/New_York"), "2026-11-01T06:00:00Z", false, "sun 01:00");
        var newYork = ("mon,tue,wed,thu,fri", "09:00", "17:00", "America/New_York");
        yield return At("New York office hours: 09:00 EDT is inside", newYork, "2026-07-06T13:00:00Z", true, "mon 09:00");
        yield return At("New York office hours: 08:59 EDT is outside", newYork, "2026-07-06T12:59:00Z", false, "mon 08:59");

        yield return At("No days listed means every day", ("", "08:00", "18:00", "Europe/Berlin"), "2026-03-07T10:00:00Z", true, "sat 11:00");
        yield return At("From equal to to is the whole day", ("sat", "00:00", "00:00", "Europe/Berlin"), "2026-03-07T22:59:00Z", true, "sat 23:59");
        yield return At("A whole-day window ends at local midnight", ("sat", "00:00", "00:00", "Europe/Berlin"), "2026-03-07T23:00:00Z", false, "sun 00:00");
        yield return At("A UTC window reads the instant as it is", ("sun", "09:00", "09:01", "UTC"), "2026-03-01T09:00:59Z", true, "sun 09:00");

        var night = ("mon,tue,wed,thu,fri", "22:00", "06:00", "Europe/Berlin");
        yield return At("Overnight window opens at 22:00 on a listed day", night, "2026-03-06T21:00:00Z", true, "fri 22:00");
        yield return At("Overnight window: 21:59 is before it", night, "2026-03-06T20:59:00Z", false, "fri 21:59");
        yield return At("Overnight window: the small hours belong to the previous day", night, "2026-03-07T04:59:00Z", true, "sat 05:59");
        yield return At("Overnight window closes at 06:00", night, "2026-03-07T05:00:00Z", false, "sat 06:00");
        yield return At("Overnight window: Monday's small hours belong to an unlisted Sunday", night, "2026-03-02T02:00:00Z", false, "mon 03:00");
    }
}
