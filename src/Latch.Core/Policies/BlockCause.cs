namespace Latch.Core.Policies;

/// <summary>Why a decision is <see cref="DecisionKind.Block"/>.</summary>
public enum BlockCause : byte
{
    None,

    /// <summary>An applying enabled policy's grant is block.</summary>
    PolicyBlock,

    /// <summary>An applying enabled policy requires what the request cannot provide on the spot (a compliant device).</summary>
    UnsatisfiableRequirement,
}
