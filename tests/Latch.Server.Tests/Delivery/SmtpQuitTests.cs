using System.Net;
using System.Net.Sockets;
using System.Text;
using Latch.Server.Delivery.Email;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// Once the mail server has accepted a message (250 after DATA), the send has succeeded, however the connection ends:
/// a failure reported then would send the person the message again.
/// </summary>
public sealed class SmtpQuitTests
{
    [Fact]
    public async Task A_server_that_accepts_the_message_and_never_answers_quit_has_still_taken_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = AcceptAndLeaveQuitUnansweredAsync(listener);
        var options = new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Security = "none" };
        using var sendTime = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await new SmtpSubmission(options, new SmtpTls(null)).SendAsync("latch@example.org", "ada@example.org", "Subject: x\r\n\r\ncode\r\n"u8.ToArray(), sendTime.Token);

        Assert.Equal("QUIT", await server);
    }

    /// <summary>A minimal SMTP server for one message; returns the last command it read, which it leaves unanswered.</summary>
    private static async Task<string> AcceptAndLeaveQuitUnansweredAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task ReplyAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

        await ReplyAsync("220 test ESMTP");
        while (await reader.ReadLineAsync() is { } command)
        {
            switch (command.Split(' ')[0].ToUpperInvariant())
            {
                case "EHLO":
                    await ReplyAsync("250 test");
                    break;
                case "DATA":
                    await ReplyAsync("354 go on");
                    while (await reader.ReadLineAsync() is { } line && line != ".")
                    {
                    }

                    await ReplyAsync("250 accepted");
                    break;
                case "QUIT":
                    await Task.Delay(TimeSpan.FromSeconds(5)); // past the sender's time
                    return command;
                default:
                    await ReplyAsync("250 ok");
                    break;
            }
        }

        return "";
    }
}
