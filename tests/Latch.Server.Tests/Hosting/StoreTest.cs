using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// Base of the integration suites: each test gets its own store (SQLite file or PostgreSQL database) and its own
/// server. Suites are abstract and inherited once per store, so the same tests run on both.
/// </summary>
public abstract class StoreTest(string storeKind) : IAsyncLifetime
{
    protected StoreSetup Store { get; private set; } = null!;
    protected LatchHost Host { get; private set; } = null!;
    protected LatchApi Api { get; set; } = null!;
    protected string StoreKind => storeKind;

    /// <summary>Services a suite replaces (e.g. a scripted random source).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Configuration a suite adds, read after <see cref="BeforeStartAsync"/> (e.g. the URL of a peer it started).</summary>
    protected virtual Dictionary<string, string?> Settings() => [];

    /// <summary>Starts what the server must find running (a webhook receiver, say).</summary>
    protected virtual ValueTask BeforeStartAsync() => ValueTask.CompletedTask;

    /// <summary>Stops what <see cref="BeforeStartAsync"/> started.</summary>
    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        Store = await StoreSetup.CreateAsync(storeKind);
        await BeforeStartAsync();
        Host = await LatchHost.StartAsync(Store, Settings(), services: ConfigureServices);
        Api = new LatchApi(Host.Client());
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Api.Http.Dispose();
        await Host.DisposeAsync();
        await Store.DisposeAsync();
        await AfterStopAsync();
    }

    protected async Task RestartAsync()
    {
        await Host.StopAsync();
        await Host.StartAgainAsync();
        Api.Http.Dispose();
        Api = new LatchApi(Host.Client());
    }
}
