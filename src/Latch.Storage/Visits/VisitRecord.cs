namespace Latch.Storage.Visits;

/// <summary>A scheduled access window, its code and that code's scheduled delivery. Times are Unix milliseconds.</summary>
public sealed class VisitRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string ResourceId { get; init; }
    public required string CodeId { get; init; }
    public required string DeliveryId { get; init; }
    public required string Method { get; init; }
    public long StartAt { get; init; }
    public long EndAt { get; init; }
    public int LeadMinutes { get; init; }
    public long DeliverAt { get; init; }
    public long CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public long? CancelledAt { get; init; }
}

/// <summary>Filters for listing visits, soonest first; <paramref name="FromMs"/> keeps visits that end after it.</summary>
public sealed record VisitQuery(string? UserId, string? ResourceId, long? FromMs, bool IncludeCancelled, int Limit);
