namespace Latch.Server.Tests.Hosting;

/// <summary>Polls for something that happens in the background (a queued message going out), with a deadline: no fixed sleeps.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null)
        where T : class
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    public static Task<T> GetAsync<T>(Func<T?> probe, string what, TimeSpan? deadline = null)
        where T : class => GetAsync(() => Task.FromResult(probe()), what, deadline);
}
