using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Latch.Controller.Tests;

/// <summary>
/// A stand-in for Latch, not Latch: a real HTTP listener on a loopback port that answers each path with a canned status
/// and body. It exists for the answers the real server cannot be made to give on demand (a 5xx, a 408, a 429 from a
/// proxy or rate limiter in front of it); everything Latch itself answers is tested against the real server in
/// tests/Latch.Server.Tests/Doors/ControllerLibrarySuite.cs.
/// </summary>
internal sealed class StandInLatch : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public StandInLatch()
    {
        Port = ClosedPort.Number();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>"METHOD /path" → (status, JSON body).</summary>
    public Dictionary<string, (int Status, string Body)> Answers { get; } = [];

    /// <summary>How long to wait before answering: a server slower than the controller's timeout.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public List<(string Route, string? Authorization, JsonNode? Body)> Received { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var route = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var text = await reader.ReadToEndAsync();
                lock (Received)
                {
                    Received.Add((route, context.Request.Headers["Authorization"], text.Length == 0 ? null : JsonNode.Parse(text)));
                }
            }

            if (Delay > TimeSpan.Zero)
            {
                // Answer later without holding up the next request (the controller has given up by then).
                _ = AnswerLaterAsync(context, route, Delay);
                continue;
            }

            await AnswerAsync(context, route);
        }
    }

    private async Task AnswerLaterAsync(HttpListenerContext context, string route, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay);
            await AnswerAsync(context, route);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client hung up or the stand-in was closed meanwhile.
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, string route)
    {
        var (status, body) = Answers.TryGetValue(route, out var answer) ? answer : (404, """{"code":"latch.notFound"}""");
        context.Response.StatusCode = status;
        context.Response.ContentType = status < 400 ? "application/json" : "application/problem+json";
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
