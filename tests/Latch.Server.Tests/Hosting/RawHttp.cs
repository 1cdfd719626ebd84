using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// Sends bytes HttpClient would never send (broken framing, a body cut short) and reads the answer's status, media
/// type and problem code (status 0 when the server closed the connection without answering). The requests ask for
/// the connection to close, so the answer is read to its end.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string? MediaType, string? Code)> SendAsync(Uri server, string request, bool endBody)
    {
        if (await ExchangeAsync(server, request, endBody) is not { } answer)
        {
            return (0, null, null);
        }

        var code = answer.Body.Length > 0 && JsonDocument.Parse(answer.Body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (answer.Status, answer.MediaType, code);
    }

    /// <summary>The whole answer as it arrived (a chunked body un-chunked), or null when none came.</summary>
    public static async Task<RawAnswer?> ExchangeAsync(Uri server, string request, bool endBody = false)
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

        var answer = await ReadToEndAsync(stream, timeout.Token);
        if (answer.Length == 0)
        {
            return null;
        }

        var split = answer.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(split > 0, $"no complete answer: {Encoding.UTF8.GetString(answer)}");
        var lines = Encoding.ASCII.GetString(answer, 0, split).Split("\r\n");
        var body = answer[(split + 4)..];
        var raw = new RawAnswer(int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), lines[1..], body);
        return body.Length > 0 && string.Equals(raw.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase)
            ? raw with { Body = Unchunk(body) }
            : raw;
    }

    // A server that resets the connection after answering still leaves the answer's bytes: keep what arrived.
    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken ct)
    {
        using var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return answer.ToArray();
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = at + chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked, at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}

/// <summary>An answer's status, header lines and body bytes.</summary>
public sealed record RawAnswer(int Status, string[] HeaderLines, byte[] Body)
{
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public string? Header(string name) =>
        HeaderLines.Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();
}
