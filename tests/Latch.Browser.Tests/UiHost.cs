using Latch.Core.Otp;
using Latch.Server.Hosting;
using Latch.Server.Ui.Accounts;
using Latch.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Browser.Tests;

/// <summary>A real Latch server (Kestrel on a loopback port, SQLite in a fresh folder, the outbox on) for one test.</summary>
public sealed class UiHost : IAsyncDisposable
{
    public const string AdminKey = "latch_browser-admin-key-0123456789abcdef";
    public const string Password = "correct horse battery staple";

    private readonly WebApplication _app;

    private UiHost(WebApplication app, string data)
    {
        _app = app;
        DataFolder = data;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }
    public string DataFolder { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Every log line the server wrote (at Debug and above), to scan for secrets.</summary>
    public CapturedLogs Logs { get; private init; } = new();

    public static async Task<UiHost> StartAsync()
    {
        var logs = new CapturedLogs();
        var data = Path.Combine(Path.GetTempPath(), "latch-browser-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(data);
        var app = await LatchServer.BuildAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["Latch:Data"] = data,
            ["Latch:Store"] = "sqlite",
            ["Delivery:Outbox:Enabled"] = "true",
            ["Delivery:Queue:PollMilliseconds"] = "100",
            [Bootstrap.EnvironmentVariable] = AdminKey,
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        }, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs), TextWriter.Null);
        await app.StartAsync();
        return new UiHost(app, data) { Logs = logs };
    }

    /// <summary>Creates a console account directly (as the Accounts page does) and returns its authenticator secret.</summary>
    internal async Task<TotpSecret> AddAccountAsync(string userName, string role)
    {
        var created = await Services.GetRequiredService<ConsoleAccountService>().CreateAsync(userName, Password, role, "test", CancellationToken.None);
        return TotpSecret.FromBase32(created.Value?.Secret ?? throw new InvalidOperationException(created.Error));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}

/// <summary>Authenticator codes computed from the secret, as the app on a phone would (RFC 6238, SHA-1, 6 digits, 30 s).</summary>
public static class Authenticator
{
    public static string CodeNow(TotpSecret secret) => Totp.Compute(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TotpSettings.Default);

    /// <summary>The next step's code: a time step signs in once, so a second sign-in in the same 30 s uses the next one (within the skew).</summary>
    public static string CodeNext(TotpSecret secret) => Totp.Compute(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 30, TotpSettings.Default);
}
