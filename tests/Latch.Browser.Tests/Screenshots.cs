using Microsoft.Playwright;

namespace Latch.Browser.Tests;

/// <summary>
/// Full-page screenshots at 1280 px and 390 px wide. They go to <c>docs/screenshots/</c> when
/// <c>LATCH_UPDATE_SCREENSHOTS=1</c> (to refresh the README's pictures), else to a temporary folder.
/// </summary>
public static class Screenshots
{
    public static readonly string Folder = Environment.GetEnvironmentVariable("LATCH_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
        : Path.Combine(Path.GetTempPath(), "latch-screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}-{width}.png"), FullPage = true });

            // Usable at this width: nothing pushes the page sideways.
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
            Assert.False(overflow, $"{name} scrolls sideways at {width} px");
        }

        await page.SetViewportSizeAsync(1280, 900);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Latch.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Latch.slnx not found above the test binaries.");
    }
}
