using System.Net.Http.Headers;
using Latch.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Server.Tests.Hosting;

/// <summary>A real Latch server (Kestrel on a loopback port) over a test's own store; it can be stopped and started again.</summary>
public sealed class LatchHost : IAsyncDisposable
{
    public const string AdminKey = "latch_test-admin-key-0123456789abcdef";

    private readonly StoreSetup _store;
    private readonly Dictionary<string, string?> _extra;
    private WebApplication? _app;

    private LatchHost(StoreSetup store, FakeClock clock, Dictionary<string, string?> extra)
    {
        _store = store;
        Clock = clock;
        _extra = extra;
    }

    public FakeClock Clock { get; }
    public CapturedLogs Logs { get; } = new();
    public StringWriter Console { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public StoreSetup Store => _store;

    /// <summary>The running server's services, for tests that drive a component with no HTTP surface yet.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");
    public Action<IServiceCollection>? ExtraServices { get; init; }

    public static async Task<LatchHost> StartAsync(StoreSetup store, Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null, bool bootstrapKey = true)
    {
        var settings = new Dictionary<string, string?> { ["Delivery:Outbox:Enabled"] = "true", ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug" };
        if (bootstrapKey)
        {
            settings[Bootstrap.EnvironmentVariable] = AdminKey;
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = new LatchHost(store, new FakeClock(), settings) { ExtraServices = services };
        await host.StartAgainAsync();
        return host;
    }

    /// <summary>Starts the server (again) over the same store and data folder.</summary>
    public async Task StartAgainAsync()
    {
        var settings = _store.Configuration();
        foreach (var (key, value) in _extra)
        {
            settings[key] = value;
        }

        _app = await LatchServer.BuildAsync(["--urls", "http://127.0.0.1:0"], settings, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
            ExtraServices?.Invoke(services);
        }, Console);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public HttpClient Client(string? apiKey = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Console.Dispose();
    }
}
