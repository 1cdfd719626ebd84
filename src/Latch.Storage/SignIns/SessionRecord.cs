namespace Latch.Storage.SignIns;

/// <summary>A grant's lifetime: it stands until it expires or is revoked.</summary>
public sealed class SessionRecord
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string ResourceId { get; init; }
    public required string SignInId { get; init; }

    /// <summary>JSON array of the requirements satisfied.</summary>
    public required string Requirements { get; init; }
    public long CreatedAt { get; init; }
    public long ExpiresAt { get; init; }
    public long? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    public string? RevokeReason { get; init; }
}
