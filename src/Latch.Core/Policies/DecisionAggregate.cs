namespace Latch.Core.Policies;

/// <summary>
/// Combines the verdicts of applying enabled policies (SPEC "Policy semantics"): block wins; then a requirement
/// that cannot be met blocks; then any code requirement challenges; else allow. Session limits take the minimum.
/// </summary>
internal struct DecisionAggregate()
{
    private int _firstBlock = -1;
    private int _firstUnsatisfiable = -1;
    private int _firstChallenge = -1;
    private PendingRequirements _pending;
    private int? _codeTtl;
    private int? _signInFrequency;

    public void Add(int index, in CompiledPolicy policy, PolicyOutcome outcome)
    {
        switch (outcome)
        {
            case PolicyOutcome.Block when _firstBlock < 0:
                _firstBlock = index;
                break;
            case PolicyOutcome.Unsatisfiable:
                _firstUnsatisfiable = _firstUnsatisfiable < 0 ? index : _firstUnsatisfiable;
                _pending |= PendingRequirements.CompliantDevice | (policy.NeedsCode ? PendingRequirements.Code : 0);
                break;
            case PolicyOutcome.RequiresCode:
                _firstChallenge = _firstChallenge < 0 ? index : _firstChallenge;
                _pending |= PendingRequirements.Code;
                break;
        }

        _codeTtl = Min(_codeTtl, policy.CodeTtlSeconds);
        _signInFrequency = Min(_signInFrequency, policy.SignInFrequencyMinutes);
    }

    public readonly Decision ToDecision()
    {
        if (_firstBlock >= 0)
        {
            return new Decision(DecisionKind.Block, BlockCause.PolicyBlock, _pending, _firstBlock, _codeTtl, _signInFrequency);
        }

        if (_firstUnsatisfiable >= 0)
        {
            return new Decision(DecisionKind.Block, BlockCause.UnsatisfiableRequirement, _pending, _firstUnsatisfiable, _codeTtl, _signInFrequency);
        }

        return _firstChallenge >= 0
            ? new Decision(DecisionKind.Challenge, BlockCause.None, _pending, _firstChallenge, _codeTtl, _signInFrequency)
            : new Decision(DecisionKind.Allow, BlockCause.None, PendingRequirements.None, -1, _codeTtl, _signInFrequency);
    }

    private static int? Min(int? current, int? candidate) =>
        candidate is null ? current : current is null ? candidate : Math.Min(current.Value, candidate.Value);
}
