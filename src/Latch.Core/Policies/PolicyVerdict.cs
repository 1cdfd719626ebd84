namespace Latch.Core.Policies;

/// <summary>
/// One policy's verdict on one request: whether it applied, which of its conditions were checked and which of
/// those failed. Small and allocation-free; <see cref="PolicySet.Explain"/> turns it into reasons for the log.
/// </summary>
public readonly record struct PolicyVerdict(int PolicyIndex, PolicyOutcome Outcome, PolicyConditionKinds Checked, PolicyConditionKinds Failed)
{
    public bool Applied => Outcome != PolicyOutcome.NotApplied;

    /// <summary>Conditions that were checked and matched.</summary>
    public PolicyConditionKinds Matched => Checked & ~Failed;
}
