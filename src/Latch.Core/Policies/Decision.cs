namespace Latch.Core.Policies;

/// <summary>
/// The enforced result of evaluating every policy for one request (SPEC "Policy semantics"): block wins, otherwise
/// every requirement of every applying enabled policy must be met.
/// </summary>
/// <param name="Kind">Allow, block or challenge.</param>
/// <param name="Cause">Why it blocks; <see cref="BlockCause.None"/> unless <paramref name="Kind"/> is block.</param>
/// <param name="Pending">Requirements still unmet: a code for a challenge; a compliant device for an unsatisfiable block.</param>
/// <param name="DecidingPolicyIndex">The first enforced policy that blocked, or challenged when nothing blocks; -1 for allow.</param>
/// <param name="CodeTtlSeconds">The smallest code lifetime set by an applying enforced policy, if any.</param>
/// <param name="SignInFrequencyMinutes">The smallest sign-in frequency set by an applying enforced policy, if any.</param>
public readonly record struct Decision(
    DecisionKind Kind,
    BlockCause Cause,
    PendingRequirements Pending,
    int DecidingPolicyIndex,
    int? CodeTtlSeconds,
    int? SignInFrequencyMinutes);
