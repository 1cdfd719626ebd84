using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Latch.Controller.Tests;

/// <summary>
/// A real HTTP listener on a loopback port that answers each path with a canned status and body, and records what the
/// controller sent: enough to check the transport speaks the contract until the real server side is merged.
/// </summary>
internal sealed class ContractStub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public ContractStub()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>"METHOD /path" → (status, JSON body).</summary>
    public Dictionary<string, (int Status, string Body)> Answers { get; } = [];

    public List<(string Route, string? Authorization, JsonNode? Body)> Received { get; } = [];

    /// <summary>A port nothing listens on: connecting to it is refused at once.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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

            var (status, body) = Answers.TryGetValue(route, out var answer) ? answer : (404, """{"code":"latch.notFound"}""");
            context.Response.StatusCode = status;
            context.Response.ContentType = status < 400 ? "application/json" : "application/problem+json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
