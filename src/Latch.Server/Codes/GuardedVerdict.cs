using Latch.Storage.Codes;

namespace Latch.Server.Codes;

/// <summary>A verification's outcome: refused by throttling before any lookup, or decided by the store.</summary>
internal abstract record GuardedVerdict
{
    private GuardedVerdict()
    {
    }

    public sealed record Throttled(TimeSpan RetryAfter) : GuardedVerdict;

    public sealed record Decided(CodeVerdict Verdict) : GuardedVerdict;
}
