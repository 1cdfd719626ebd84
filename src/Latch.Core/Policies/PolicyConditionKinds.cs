namespace Latch.Core.Policies;

/// <summary>The assignments and conditions of a policy, as bits in a <see cref="PolicyVerdict"/>.</summary>
[Flags]
public enum PolicyConditionKinds : ushort
{
    None = 0,
    Users = 1 << 0,
    Resources = 1 << 1,
    SignInRisk = 1 << 2,
    UserRisk = 1 << 3,
    Locations = 1 << 4,
    Platforms = 1 << 5,
    ClientApps = 1 << 6,
    DeviceCompliance = 1 << 7,
    Time = 1 << 8,
}
