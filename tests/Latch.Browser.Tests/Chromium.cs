using Microsoft.Playwright;

namespace Latch.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (its driver ships inside the NuGet package; no browser download): headless,
/// no sandbox (tests run as root in CI), nothing fetched from the network, a fresh profile per browser.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    /// <summary>Console errors, uncaught exceptions and failed responses of every page opened through <see cref="OpenAsync"/>.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: scripts/test.sh installs Debian's chromium package.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A page in its own context (its own cookies), 1280 px wide, reporting every error into <see cref="Errors"/>.</summary>
    public async Task<IPage> OpenAsync(Uri baseAddress, string who)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = false, // the UI needs none; this proves it
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"{who} console {message.Type}: {message.Text} at {page.Url}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"{who} page error: {error} at {page.Url}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Errors.Add($"{who} got {response.Status} for {response.Url}");
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
