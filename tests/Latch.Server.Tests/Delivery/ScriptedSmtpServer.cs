using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// An SMTP server for one connection on loopback that answers each command as the test says: for the failures and
/// replies a real server seldom gives on request. DATA is taken whole and answered 250.
/// </summary>
public sealed class ScriptedSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScriptedSmtpServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Serves one connection. <paramref name="reply"/> gives the reply line to a command, or null to leave it unanswered
    /// (the connection then stays open for 5 s); returns the last command read.
    /// </summary>
    public async Task<string> ServeAsync(Func<string, string?> reply)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task SendAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

        await SendAsync("220 test ESMTP");
        var last = "";
        while (await reader.ReadLineAsync() is { } command)
        {
            last = command;
            if (command.Equals("DATA", StringComparison.OrdinalIgnoreCase))
            {
                await SendAsync("354 go on");
                while (await reader.ReadLineAsync() is { } line && line != ".")
                {
                }

                await SendAsync("250 accepted");
                continue;
            }

            if (reply(command) is not { } answer)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                break;
            }

            await SendAsync(answer);
        }

        return last;
    }

    public void Dispose() => _listener.Dispose();
}
