using Latch.Core.Codes;

namespace Latch.Storage.Codes;

/// <summary>A stored latch code's metadata. The code itself is not stored, only its tag, which never leaves the store.</summary>
public sealed class CodeRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string ResourceId { get; init; }
    public int KeyId { get; init; }
    public required string Alphabet { get; init; }
    public int Length { get; init; }
    public long NotBefore { get; init; }
    public long NotAfter { get; init; }
    public int MaxUses { get; init; }
    public int Uses { get; init; }
    public int MaxAttempts { get; init; }
    public int Attempts { get; init; }
    public int State { get; init; }
    public string? Delivery { get; init; }
    public long CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public long? LastUsedAt { get; init; }
    public long? RevokedAt { get; init; }

    public CodeState CodeState => (CodeState)State;
}
