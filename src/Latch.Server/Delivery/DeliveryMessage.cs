using Latch.Core.Codes;

namespace Latch.Server.Delivery;

/// <summary>Who a code goes to, as the directory knows them.</summary>
internal sealed record DeliveryRecipient(string UserId, string UserName, string? DisplayName, string? Email, string? Phone);

/// <summary>
/// A code on its way to a person: what it opens and until when, and where it goes. <see cref="Code"/> is a
/// <see cref="PlainCode"/>, so the message can be logged without leaking it.
/// </summary>
internal sealed record DeliveryMessage(
    string DeliveryId,
    string Method,
    string CodeId,
    PlainCode Code,
    DeliveryRecipient Recipient,
    string ResourceId,
    string ResourceName,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int Attempt);

/// <summary>What one send did.</summary>
internal abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>Handed over; <paramref name="Reference"/> is the provider's id for it, if it gave one.</summary>
    public sealed record Sent(string? Reference) : DeliveryOutcome;

    /// <summary>Not handed over. <paramref name="Error"/> never contains the code; <paramref name="Retryable"/> says whether trying again may help.</summary>
    public sealed record Failed(string Error, bool Retryable) : DeliveryOutcome;
}
