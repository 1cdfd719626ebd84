namespace Latch.Storage.SignIns;

/// <summary>A push approval request and the challenge it answers.</summary>
public sealed class PushApprovalRecord
{
    public const int Pending = 0;
    public const int Approved = 1;
    public const int Denied = 2;
    public const int WrongNumber = 3;

    public required string Id { get; init; }
    public long ChallengePk { get; init; }
    public string ChallengeId { get; init; } = "";
    public int Number { get; init; }
    public int State { get; init; }
    public long CreatedAt { get; init; }
    public long ExpiresAt { get; init; }
    public long? RespondedAt { get; init; }
}
