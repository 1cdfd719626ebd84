namespace Latch.Core.Codes;

/// <summary>Why a verification did not open the latch (the contract's <c>reason</c> values).</summary>
public enum DenyReason
{
    Invalid,
    Expired,
    NotYetValid,
    Consumed,
    Revoked,
    Throttled,
}

public static class DenyReasons
{
    /// <summary>The wire name in the public contract.</summary>
    public static string WireName(this DenyReason reason) => reason switch
    {
        DenyReason.Invalid => "invalid",
        DenyReason.Expired => "expired",
        DenyReason.NotYetValid => "notYetValid",
        DenyReason.Consumed => "consumed",
        DenyReason.Revoked => "revoked",
        DenyReason.Throttled => "throttled",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
