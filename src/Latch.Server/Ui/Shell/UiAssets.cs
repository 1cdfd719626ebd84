using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Ui;

/// <summary>The UI's own stylesheet and icon, embedded in the assembly and served by Latch (nothing fetched at run time).</summary>
internal static class UiAssets
{
    public static void Map(WebApplication app)
    {
        var css = Read("latch.css");
        var icon = Read("favicon.svg");
        app.MapGet("/ui/latch.css", () => TypedResults.Bytes(css, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => TypedResults.Bytes(icon, "image/svg+xml")).ExcludeFromDescription();
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(UiAssets).Assembly.GetManifestResourceStream("Latch.Server.Ui.Assets." + name)
            ?? throw new InvalidOperationException($"The UI asset '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
