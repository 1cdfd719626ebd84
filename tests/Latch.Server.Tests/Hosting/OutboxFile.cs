using System.Text.Json;

namespace Latch.Server.Tests.Hosting;

/// <summary>The development outbox as the person reads it: delivery goes through the queue, so a message arrives shortly after the call.</summary>
public static class OutboxFile
{
    public static string PathIn(string dataFolder) => Path.Combine(dataFolder, "outbox", "outbox.jsonl");

    public static IReadOnlyList<JsonElement> Read(string dataFolder)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line.EndsWith('}'))
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return lines;
    }

    /// <summary>The code delivered for <paramref name="codeId"/>, waiting for it with a deadline.</summary>
    public static async Task<string> WaitForCodeAsync(string dataFolder, string codeId, TimeSpan? deadline = null)
    {
        var line = await Eventually.GetAsync(
            () => Read(dataFolder).Where(m => m.GetProperty("codeId").GetString() == codeId).Select(m => (JsonElement?)m).LastOrDefault() is { } found
                ? new Box(found)
                : null,
            $"the outbox message of {codeId}", deadline);
        return line.Value.GetProperty("code").GetString()!;
    }

    private sealed record Box(JsonElement Value);
}
