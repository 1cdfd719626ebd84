namespace Latch.Core.Policies;

/// <summary>What one policy says about one request.</summary>
public enum PolicyOutcome : byte
{
    /// <summary>An assignment or condition did not match.</summary>
    NotApplied,

    /// <summary>Applied with a block grant.</summary>
    Block,

    /// <summary>Applied and its requirements (if any) are already met.</summary>
    Satisfied,

    /// <summary>Applied and a latch code must be given.</summary>
    RequiresCode,

    /// <summary>Applied with a requirement that cannot be met on the spot (a device that is not compliant).</summary>
    Unsatisfiable,
}

public static class PolicyOutcomes
{
    /// <summary>The <c>result</c> of a policy in a sign-in's per-policy list.</summary>
    public static string WireName(this PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.NotApplied => "notApplied",
        PolicyOutcome.Block => "block",
        PolicyOutcome.Satisfied => "satisfied",
        PolicyOutcome.RequiresCode => "requireCode",
        PolicyOutcome.Unsatisfiable => "unsatisfiable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
