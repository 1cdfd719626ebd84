namespace Latch.Storage.Sql;

/// <summary>Dapper's view of the columns that explain a refusal.</summary>
internal sealed class CodeRowState
{
    public string Id { get; init; } = "";
    public string UserId { get; init; } = "";
    public long UserPk { get; init; }
    public long ChallengePk { get; init; }
    public int State { get; init; }
    public int Uses { get; init; }
    public int MaxUses { get; init; }
    public long NotBefore { get; init; }
    public long NotAfter { get; init; }
}

internal sealed class ConsumedRow
{
    public string Id { get; init; } = "";
    public string UserId { get; init; } = "";

    /// <summary>The code's uses, this one included.</summary>
    public int Uses { get; init; }
}

internal sealed class AttemptedRow
{
    public string Id { get; init; } = "";
    public int State { get; init; }
}
