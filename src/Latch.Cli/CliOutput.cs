using System.Net.Http;
using System.Text.Json.Nodes;

namespace Latch.Cli;

/// <summary>How admin commands report: the answer on success, the problem's detail and code on failure.</summary>
internal static class CliOutput
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Denied = 2;

    public static int Problem(TextWriter error, int status, JsonNode? body)
    {
        var detail = body?["detail"]?.GetValue<string>() ?? body?.ToJsonString() ?? "(no body)";
        var code = body?["code"]?.GetValue<string>();
        error.WriteLine($"error: HTTP {status}{(code is null ? "" : $" {code}")}: {detail}");
        if (body?["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                error.WriteLine($"  {field}: {messages?.AsArray().FirstOrDefault()}");
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
