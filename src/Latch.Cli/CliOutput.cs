using System.Net.Http;
using System.Text.Json.Nodes;

namespace Latch.Cli;

/// <summary>How admin commands report: the answer on success, the problem's detail and code on failure.</summary>
internal static class CliOutput
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Denied = 2;

    /// <summary>Prints a problem+json answer: its code, title and detail, then each invalid field's messages.</summary>
    public static int Problem(TextWriter error, int status, JsonNode? body, string? subject = null)
    {
        var title = (body as JsonObject)?["title"]?.GetValue<string>();
        var detail = (body as JsonObject)?["detail"]?.GetValue<string>() ?? body?.ToJsonString() ?? "(no body)";
        var code = (body as JsonObject)?["code"]?.GetValue<string>();
        var message = title is null || title == detail ? detail : $"{title} {detail}";
        error.WriteLine($"error: {(subject is null ? "" : subject + ": ")}HTTP {status}{(code is null ? "" : $" {code}")}: {message}");
        if ((body as JsonObject)?["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                var text = messages is JsonArray list ? string.Join(" ", list.Select(m => m?.ToString())) : messages?.ToString();
                error.WriteLine($"  {field}: {text}");
            }
        }

        return Failed;
    }

    /// <summary>Runs a call and turns a network failure into a message instead of a stack trace.</summary>
    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"error: cannot reach the Latch server: {e.Message}");
            return Failed;
        }
        catch (TaskCanceledException)
        {
            error.WriteLine("error: the Latch server did not answer in time.");
            return Failed;
        }
    }
}
