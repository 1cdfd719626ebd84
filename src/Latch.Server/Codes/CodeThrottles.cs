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

    /// <summary>
    /// Sign-in codes asked for at the self-service portal by user name, each request counted: anyone may ask, and each
    /// code is an email or a paid text message. Three in a row are free, then each waits 30 s, doubling up to 15 minutes;
    /// signing in clears the count.
    /// </summary>
    public FailureThrottle PortalCodesPerName { get; } = new(new ThrottleRule(
        FreeFailures: 3, BaseDelay: TimeSpan.FromSeconds(30), MaxDelay: TimeSpan.FromMinutes(15), HardLimit: 100, HardLockout: TimeSpan.FromHours(1), ForgetAfter));

    /// <summary>
    /// The same by caller IP, against one address asking codes for many names; more are free, as many people may sit
    /// behind one address, and a sign-in from the address clears its count.
    /// </summary>
    public FailureThrottle PortalCodesPerIp { get; } = new(new ThrottleRule(
        FreeFailures: 20, BaseDelay: TimeSpan.FromSeconds(1), MaxDelay: TimeSpan.FromMinutes(15), HardLimit: 200, HardLockout: TimeSpan.FromHours(1), ForgetAfter));
}
