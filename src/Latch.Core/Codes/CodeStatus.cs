namespace Latch.Core.Codes;

/// <summary>Decides why a stored code that could not be consumed was refused.</summary>
public static class CodeStatus
{
    /// <summary>
    /// The deny reason for a code found by its tag but not consumable at <paramref name="nowMs"/>, or null when
    /// it is consumable. Order matters: a revoked or used-up code says so even when its window has also passed.
    /// </summary>
    public static DenyReason? WhyNotConsumable(CodeState state, int uses, int maxUses, long notBeforeMs, long notAfterMs, long nowMs) => state switch
    {
        CodeState.Revoked or CodeState.Dead => DenyReason.Revoked,
        CodeState.Consumed => DenyReason.Consumed,
        _ when uses >= maxUses => DenyReason.Consumed,
        CodeState.Expired => DenyReason.Expired,
        _ when nowMs >= notAfterMs => DenyReason.Expired,
        _ when nowMs < notBeforeMs => DenyReason.NotYetValid,
        _ => null,
    };
}
