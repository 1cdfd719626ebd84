namespace Latch.Core.Policies;

/// <summary>The answer to an access request (SPEC "Public contract": allow | block | challenge).</summary>
public enum DecisionKind : byte
{
    Allow,
    Block,

    /// <summary>Allowed once a latch code is given.</summary>
    Challenge,
}

public static class DecisionKinds
{
    public static string WireName(this DecisionKind kind) => kind switch
    {
        DecisionKind.Allow => "allow",
        DecisionKind.Block => "block",
        DecisionKind.Challenge => "challenge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
