using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// Sends bytes HttpClient would never send (broken framing, a body cut short) and reads the answer's status, media
/// type and problem code (status 0 when the server closed the connection without answering). The server closes such
/// a connection after answering, so the answer is read to its end.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string? MediaType, string? Code)> SendAsync(Uri server, string request, bool endBody)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        if (endBody)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        if (text.Length == 0)
        {
            return (0, null, null);
        }

        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no complete answer: {text}");

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var mediaType = lines.Skip(1)
            .Where(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l["Content-Type:".Length..].Split(';')[0].Trim())
            .FirstOrDefault();
        var body = text[(split + 4)..];
        if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        var code = body.Length > 0 && JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (status, mediaType, code);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
