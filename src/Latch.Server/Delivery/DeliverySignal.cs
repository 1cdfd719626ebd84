namespace Latch.Server.Delivery;

/// <summary>Wakes the dispatcher when a message is queued, so a delivery does not wait for the next poll.</summary>
internal sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every message queued before the dispatcher looks.
        }
    }

    /// <summary>Returns when notified or after <paramref name="poll"/> (real time: a wake-up period, not a domain instant).</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken ct) => _wake.WaitAsync(poll, ct);

    public void Dispose() => _wake.Dispose();
}
