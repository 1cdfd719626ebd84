using Latch.Server.Policies;

namespace Latch.Cli.Policies;

/// <summary>A policy-as-code file: <c>policies:</c>, a list of policy documents (SPEC "Policy document").</summary>
internal sealed record PolicyFile
{
    public List<PolicyDocument>? Policies { get; init; }
}
