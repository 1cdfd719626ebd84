using Latch.Core.Codes;

namespace Latch.Storage.Codes;

/// <summary>What the store decided for one attempt.</summary>
public abstract record CodeVerdict
{
    private CodeVerdict()
    {
    }

    public sealed record Granted(string CodeId, string UserId) : CodeVerdict;

    /// <summary>
    /// Refused. <paramref name="CodeId"/> is set when the typed value matched a stored code; <paramref name="KilledCodeIds"/>
    /// lists codes that this failure used up their last attempt.
    /// </summary>
    public sealed record Denied(DenyReason Reason, string? CodeId, string? UserId, IReadOnlyList<string> KilledCodeIds) : CodeVerdict;
}
