using Latch.Core.Policies;
using static Latch.Core.Tests.Policies.PolicyKit;

namespace Latch.Core.Tests.Policies;

public sealed class DecisionTests
{
    private static readonly GrantControls Code = Requires(GrantOperator.And, GrantRequirement.RequireCode);
    private static readonly GrantControls Device = Requires(GrantOperator.And, GrantRequirement.RequireCompliantDevice);

    [Fact]
    public void No_policy_means_allow()
    {
        var (decision, verdicts) = Run(PolicySet.Empty, Facts());
        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(-1, decision.DecidingPolicyIndex);
        Assert.Empty(verdicts);
    }

    [Fact]
    public void No_applying_policy_means_allow()
    {
        var set = Set(Policy(grant: GrantControls.BlockAccess, resources: new ResourceAssignment { Include = ["res_vault"] }));
        var (decision, verdicts) = Run(set, Facts(resourceId: "res_app"));
        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(PolicyOutcome.NotApplied, verdicts[0].Outcome);
    }

    [Fact]
    public void A_policy_with_no_grant_controls_applies_and_is_satisfied()
    {
        var (decision, verdicts) = Run(Set(Policy()), Facts());
        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(PolicyOutcome.Satisfied, verdicts[0].Outcome);
    }

    [Fact]
    public void Block_wins_over_every_other_applying_policy()
    {
        var set = Set(Policy("pol_code", grant: Code), Policy("pol_block", grant: GrantControls.BlockAccess), Policy("pol_device", grant: Device));
        var (decision, verdicts) = Run(set, Facts(compliant: false));

        Assert.Equal(DecisionKind.Block, decision.Kind);
        Assert.Equal(BlockCause.PolicyBlock, decision.Cause);
        Assert.Equal(1, decision.DecidingPolicyIndex);
        Assert.Equal([PolicyOutcome.RequiresCode, PolicyOutcome.Block, PolicyOutcome.Unsatisfiable], verdicts.Select(v => v.Outcome));
    }

    [Fact]
    public void Requirements_of_every_applying_policy_add_up_a_code_challenges_when_the_device_is_compliant()
    {
        var set = Set(Policy("pol_code", grant: Code), Policy("pol_device", grant: Device));

        var compliant = Run(set, Facts(compliant: true)).Decision;
        Assert.Equal(DecisionKind.Challenge, compliant.Kind);
        Assert.Equal(PendingRequirements.Code, compliant.Pending);
        Assert.Equal(0, compliant.DecidingPolicyIndex);

        var nonCompliant = Run(set, Facts(compliant: false)).Decision;
        Assert.Equal(DecisionKind.Block, nonCompliant.Kind);
        Assert.Equal(BlockCause.UnsatisfiableRequirement, nonCompliant.Cause);
        Assert.Equal(PendingRequirements.Code | PendingRequirements.CompliantDevice, nonCompliant.Pending);
        Assert.Equal(1, nonCompliant.DecidingPolicyIndex);
    }

    [Theory]
    [InlineData(GrantOperator.And, true, PolicyOutcome.RequiresCode)]
    [InlineData(GrantOperator.And, false, PolicyOutcome.Unsatisfiable)]
    [InlineData(GrantOperator.And, null, PolicyOutcome.Unsatisfiable)]
    [InlineData(GrantOperator.Or, true, PolicyOutcome.Satisfied)]
    [InlineData(GrantOperator.Or, false, PolicyOutcome.RequiresCode)]
    [InlineData(GrantOperator.Or, null, PolicyOutcome.RequiresCode)]
    public void Code_and_compliant_device_combine_by_the_operator(GrantOperator op, bool? compliant, PolicyOutcome expected)
    {
        var policy = Policy(grant: Requires(op, GrantRequirement.RequireCode, GrantRequirement.RequireCompliantDevice));
        Assert.Equal(expected, Verdict(policy, Facts(compliant: compliant)).Outcome);
    }

    [Theory]
    [InlineData(true, PolicyOutcome.Satisfied, DecisionKind.Allow)]
    [InlineData(false, PolicyOutcome.Unsatisfiable, DecisionKind.Block)]
    [InlineData(null, PolicyOutcome.Unsatisfiable, DecisionKind.Block)]
    public void A_compliant_device_alone_is_met_or_blocks(bool? compliant, PolicyOutcome outcome, DecisionKind kind)
    {
        foreach (var op in new[] { GrantOperator.And, GrantOperator.Or })
        {
            var (decision, verdicts) = Run(Set(Policy(grant: Requires(op, GrantRequirement.RequireCompliantDevice))), Facts(compliant: compliant));
            Assert.Equal(outcome, verdicts[0].Outcome);
            Assert.Equal(kind, decision.Kind);
        }
    }

    [Fact]
    public void Block_ignores_requirements_listed_beside_it()
    {
        var policy = Policy(grant: new GrantControls { Block = true, Requirements = [GrantRequirement.RequireCode] });
        Assert.Equal(PolicyOutcome.Block, Verdict(policy, Facts()).Outcome);
    }

    [Theory]
    [InlineData(PolicyState.ReportOnly)]
    [InlineData(PolicyState.Disabled)]
    public void Report_only_and_disabled_policies_record_their_verdict_but_are_never_enforced(PolicyState state)
    {
        var set = Set(
            Policy("pol_block", state, grant: GrantControls.BlockAccess, session: new SessionControls { CodeTtlSeconds = 30 }),
            Policy("pol_code", state, grant: Code));
        var (decision, verdicts) = Run(set, Facts());

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Null(decision.CodeTtlSeconds);
        Assert.Equal([PolicyOutcome.Block, PolicyOutcome.RequiresCode], verdicts.Select(v => v.Outcome));
    }

    [Fact]
    public void Session_limits_take_the_smallest_value_of_applying_enabled_policies()
    {
        var set = Set(
            Policy("pol_a", grant: Code, session: new SessionControls { CodeTtlSeconds = 300, SignInFrequencyMinutes = 60 }),
            Policy("pol_b", session: new SessionControls { CodeTtlSeconds = 120 }),
            Policy("pol_c", PolicyState.ReportOnly, session: new SessionControls { CodeTtlSeconds = 10, SignInFrequencyMinutes = 5 }),
            Policy("pol_d", resources: new ResourceAssignment(), session: new SessionControls { SignInFrequencyMinutes = 1 }));

        var decision = Run(set, Facts()).Decision;

        Assert.Equal(DecisionKind.Challenge, decision.Kind);
        Assert.Equal(120, decision.CodeTtlSeconds);
        Assert.Equal(60, decision.SignInFrequencyMinutes);
    }

    [Fact]
    public void No_session_limit_set_leaves_them_null()
    {
        var decision = Run(Set(Policy(grant: Code)), Facts()).Decision;
        Assert.Null(decision.CodeTtlSeconds);
        Assert.Null(decision.SignInFrequencyMinutes);
    }

    [Fact]
    public void A_verdict_span_shorter_than_the_set_is_refused()
    {
        var set = Set(Policy("pol_a"), Policy("pol_b"));
        Assert.Throws<ArgumentException>(() => set.Evaluate(Facts(), new PolicyVerdict[1]));
    }
}
