namespace Latch.Server.Delivery;

/// <summary>
/// One way to hand a code to a person (SPEC "Delivery"): outbox, email, sms, push. The delivery queue calls it, records
/// the outcome and retries what is retryable; a channel only sends, once per call.
/// </summary>
internal interface IDeliveryChannel
{
    /// <summary>The method name callers ask for (<c>deliver.method</c>, a challenge's methods).</summary>
    string Method { get; }

    /// <summary>Why this channel cannot reach the person (e.g. "no email address"), or null when it can.</summary>
    string? CannotReach(DeliveryRecipient recipient);

    /// <summary>Sends to a recipient this channel can reach (the dispatcher checks <see cref="CannotReach"/> first).</summary>
    Task<DeliveryOutcome> SendAsync(DeliveryMessage message, CancellationToken ct);
}
