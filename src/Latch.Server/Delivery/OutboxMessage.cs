namespace Latch.Server.Delivery;

/// <summary>One line of the development outbox: by design it carries the plain code to the (demo) recipient.</summary>
public sealed record OutboxMessage(
    DateTimeOffset At,
    string CodeId,
    string UserId,
    string ResourceId,
    string Code,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? DeliveryId = null);
