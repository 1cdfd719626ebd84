using Latch.Core.Throttling;

namespace Latch.Server.Codes;

/// <summary>
/// The verification throttles of this node, per caller IP and per resource. A resource gets more free failures
/// than one IP (many people type at one door) but shares the hard limit of 100 consecutive failures. A day without
/// failures forgets a target's count.
/// </summary>
internal sealed class CodeThrottles
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    public FailureThrottle PerIp { get; } = new(new ThrottleRule(
        FreeFailures: 5, BaseDelay: TimeSpan.FromSeconds(1), MaxDelay: TimeSpan.FromMinutes(5), HardLimit: 100, HardLockout: TimeSpan.FromHours(1), ForgetAfter));

    public FailureThrottle PerResource { get; } = new(new ThrottleRule(
        FreeFailures: 20, BaseDelay: TimeSpan.FromSeconds(1), MaxDelay: TimeSpan.FromMinutes(1), HardLimit: 100, HardLockout: TimeSpan.FromMinutes(15), ForgetAfter));
}
