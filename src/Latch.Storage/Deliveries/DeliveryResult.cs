namespace Latch.Storage.Deliveries;

/// <summary>What one attempt came to, as the store records it.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    /// <summary>Handed over: the message ends <c>sent</c> and its sealed code is erased.</summary>
    public sealed record Sent(string? Reference) : DeliveryResult;

    /// <summary>Not handed over; queued again for <paramref name="NextAttemptAt"/> (Unix ms).</summary>
    public sealed record Retry(string Error, long NextAttemptAt) : DeliveryResult;

    /// <summary>Not handed over and never will be: the message ends <c>failed</c> and its sealed code is erased.</summary>
    public sealed record Failed(string Error) : DeliveryResult;
}
