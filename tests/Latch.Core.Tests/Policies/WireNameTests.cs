using Latch.Core.Policies;

namespace Latch.Core.Tests.Policies;

public sealed class WireNameTests
{
    private static void RoundTrips<T>(Func<T, string> wireName, TryParse<T> tryParse, params string[] expected)
        where T : struct, Enum
    {
        Assert.Equal(expected, Enum.GetValues<T>().Select(wireName));
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(tryParse(wireName(value), out var parsed));
            Assert.Equal(value, parsed);
        }

        Assert.False(tryParse("Nope", out _));
        Assert.False(tryParse(null, out _));
    }

    private delegate bool TryParse<T>(string? value, out T result);

    [Fact]
    public void Every_enum_round_trips_through_its_wire_name()
    {
        RoundTrips<PolicyState>(PolicyStates.WireName, PolicyStates.TryParse, "enabled", "reportOnly", "disabled");
        RoundTrips<RiskLevel>(RiskLevels.WireName, RiskLevels.TryParse, "none", "low", "medium", "high");
        RoundTrips<DevicePlatform>(DevicePlatforms.WireName, DevicePlatforms.TryParse, "windows", "macos", "linux", "ios", "android");
        RoundTrips<ClientApp>(ClientApps.WireName, ClientApps.TryParse, "browser", "mobile", "api", "keypad");
        RoundTrips<DeviceComplianceCondition>(DeviceComplianceConditions.WireName, DeviceComplianceConditions.TryParse, "any", "compliant", "nonCompliant");
        RoundTrips<GrantRequirement>(GrantRequirements.WireName, GrantRequirements.TryParse, "requireCode", "requireCompliantDevice");
        RoundTrips<GrantOperator>(GrantOperators.WireName, GrantOperators.TryParse, "and", "or");
        RoundTrips<DayOfWeek>(PolicyDays.WireName, PolicyDays.TryParse, "sun", "mon", "tue", "wed", "thu", "fri", "sat");
    }
}
