namespace Latch.Storage.Deliveries;

/// <summary>
/// A message to queue with its code, in the code's own transaction: by which method, what it opens, the code sealed
/// (AES-GCM; the store never sees it in plain text) and when to send it (Unix milliseconds).
/// </summary>
public sealed record NewDelivery(
    string Id,
    string Method,
    string ResourceId,
    string ResourceName,
    int KeyId,
    byte[] Nonce,
    byte[] Payload,
    byte[] PayloadTag,
    long DeliverAt)
{
    public override string ToString() => $"NewDelivery {{ Id = {Id}, Method = {Method}, DeliverAt = {DeliverAt}, (sealed payload) }}";
}
