namespace Latch.Core.Delivery;

/// <summary>A plain code sealed for the delivery queue: the ring key it was sealed under, the AES-GCM nonce, ciphertext and tag.</summary>
public sealed record SealedPayload(int KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag)
{
    public override string ToString() => $"SealedPayload {{ KeyId = {KeyId}, (sealed) }}";
}
