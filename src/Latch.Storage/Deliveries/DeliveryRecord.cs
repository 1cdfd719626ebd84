namespace Latch.Storage.Deliveries;

/// <summary>One queued message as stored. Times are Unix milliseconds; the sealed payload is null once the message has ended.</summary>
public sealed class DeliveryRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public long CodePk { get; init; }
    public required string CodeId { get; init; }
    public required string UserId { get; init; }
    public required string Method { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceName { get; init; }
    public long NotBefore { get; init; }
    public long NotAfter { get; init; }
    public int KeyId { get; init; }
    public byte[]? Nonce { get; init; }
    public byte[]? Payload { get; init; }
    public byte[]? PayloadTag { get; init; }

    /// <summary>See <see cref="DeliveryStates"/>.</summary>
    public required string State { get; init; }
    public int Attempts { get; init; }
    public long DeliverAt { get; init; }
    public long NextAttemptAt { get; init; }
    public string? LeaseOwner { get; init; }
    public long? LeaseUntil { get; init; }
    public string? LastError { get; init; }
    public long? SentAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public override string ToString() => $"DeliveryRecord {{ Id = {Id}, Method = {Method}, State = {State}, Attempts = {Attempts} }}";
}

/// <summary>One attempt to send a message and what came of it.</summary>
public sealed class DeliveryAttemptRecord
{
    public int Attempt { get; init; }
    public long At { get; init; }

    /// <summary><c>sent</c>, <c>retry</c> or <c>failed</c>.</summary>
    public required string Outcome { get; init; }
    public string? Error { get; init; }
    public string? Reference { get; init; }
}

/// <summary>The states of a queued message; the last four are final.</summary>
public static class DeliveryStates
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
}
