namespace Latch.Core.Policies;

/// <summary>
/// One policy's line in a sign-in's per-policy list (SPEC "Public contract": <c>{id, name, state, applied, result,
/// reasons}</c>): one reason per assignment or condition considered, then the grant when the policy applied.
/// </summary>
/// <param name="Result">The outcome's wire name: notApplied, block, satisfied, requireCode or unsatisfiable.</param>
public sealed record PolicyExplanation(
    string PolicyId,
    string Name,
    PolicyState State,
    bool Applied,
    string Result,
    IReadOnlyList<string> Reasons);
