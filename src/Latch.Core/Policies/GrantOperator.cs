namespace Latch.Core.Policies;

/// <summary>How a policy's grant requirements combine.</summary>
public enum GrantOperator
{
    /// <summary>Every requirement must be met.</summary>
    And,

    /// <summary>One requirement is enough.</summary>
    Or,
}

public static class GrantOperators
{
    public static string WireName(this GrantOperator op) => op switch
    {
        GrantOperator.And => "and",
        GrantOperator.Or => "or",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public static bool TryParse(string? value, out GrantOperator op)
    {
        (var ok, op) = value switch
        {
            "and" => (true, GrantOperator.And),
            "or" => (true, GrantOperator.Or),
            _ => (false, default),
        };
        return ok;
    }
}
