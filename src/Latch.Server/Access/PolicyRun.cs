using Latch.Core.Policies;
using Latch.Server.Policies;

namespace Latch.Server.Access;

/// <summary>One evaluation of a policy set: the enforced decision and every policy's verdict with its reasons.</summary>
internal sealed record PolicyRun(Decision Decision, IReadOnlyList<PolicyVerdictView> Policies, IReadOnlyList<string> Satisfied)
{
    /// <summary>Runs the compiled set over the facts; explanations are built only here, off the evaluator's hot path.</summary>
    public static PolicyRun Of(PolicySnapshot snapshot, RequestFacts requestFacts)
    {
        var set = snapshot.Set;
        var facts = requestFacts.ToAccessFacts();
        var verdicts = new PolicyVerdict[set.Count];
        var decision = set.Evaluate(facts, verdicts);
        var views = new List<PolicyVerdictView>(verdicts.Length);
        var compliantDeviceMet = false;
        foreach (var verdict in verdicts)
        {
            var explanation = set.Explain(facts, verdict);
            views.Add(new PolicyVerdictView(explanation.PolicyId, explanation.Name, explanation.State.WireName(), explanation.Applied,
                explanation.Result, explanation.Reasons));
            var policy = snapshot.Set.Policies[verdict.PolicyIndex].Definition;
            if (verdict.Applied && policy.State == PolicyState.Enabled && requestFacts.DeviceCompliant == true
                && policy.Grant.Requirements.Contains(GrantRequirement.RequireCompliantDevice))
            {
                compliantDeviceMet = true;
            }
        }

        return new PolicyRun(decision, views, compliantDeviceMet ? [GrantRequirement.RequireCompliantDevice.WireName()] : []);
    }
}
