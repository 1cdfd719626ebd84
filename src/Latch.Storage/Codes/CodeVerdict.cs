using Latch.Core.Codes;

namespace Latch.Storage.Codes;

/// <summary>What the store decided for one attempt.</summary>
public abstract record CodeVerdict
{
    private CodeVerdict()
    {
    }

    /// <summary>Opened. <paramref name="FirstUse"/>: the code had not been used before (a code of several uses).</summary>
    public sealed record Granted(string CodeId, string UserId, bool FirstUse) : CodeVerdict;

    /// <summary>
    /// Refused. <paramref name="CodeId"/> is set when the typed value matched a stored code; <paramref name="KilledCodeIds"/>
    /// lists codes that this failure used up their last attempt.
    /// </summary>
    public sealed record Denied(DenyReason Reason, string? CodeId, string? UserId, IReadOnlyList<string> KilledCodeIds) : CodeVerdict;
}
