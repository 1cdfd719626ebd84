using System.Text;
using Latch.Core.Codes;
using Latch.Server.Delivery;
using Latch.Server.Delivery.Email;
using Latch.Server.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Latch.Server.Tests.Delivery;

/// <summary>Replies a real mail server seldom gives on request, from <see cref="ScriptedSmtpServer"/>.</summary>
public sealed class SmtpReplyTests
{
    [Fact]
    public async Task A_server_that_accepts_the_message_and_never_answers_quit_has_still_taken_it()
    {
        // Once the server has answered 250 to the message, the send has succeeded: a failure reported then would send it again.
        using var server = new ScriptedSmtpServer();
        var serving = server.ServeAsync(command => command.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase) ? null : "250 ok");
        using var sendTime = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await new SmtpSubmission(Options(server.Port, login: false), new SmtpTls(null))
            .SendAsync("latch@example.org", "ada@example.org", "Subject: x\r\n\r\ncode\r\n"u8.ToArray(), sendTime.Token);

        Assert.Equal("QUIT", await serving);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task A_server_that_quotes_the_login_in_its_refusal_does_not_put_the_password_in_the_error(string mechanism)
    {
        using var server = new ScriptedSmtpServer();
        var lastLine = "";
        var serving = server.ServeAsync(command =>
        {
            if (command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
            {
                return "250-test\r\n250 AUTH " + mechanism;
            }

            if (command == "AUTH LOGIN" || (mechanism == "LOGIN" && lastLine == "AUTH LOGIN"))
            {
                lastLine = command;
                return "334 go on";
            }

            return $"535 5.7.8 refused: {command}"; // the login line, echoed
        });
        var channel = new EmailChannel(Microsoft.Extensions.Options.Options.Create(Options(server.Port)), new FakeClock());

        var outcome = await channel.SendAsync(Message(), default);

        var error = Assert.IsType<DeliveryOutcome.Failed>(outcome).Error;
        Assert.Contains("535", error, StringComparison.Ordinal);
        foreach (var secret in new[] { Password, Base64(Password), Base64($"\0latch\0{Password}") })
        {
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        }

        await serving;
    }

    private const string Password = "smtp-password-0123";

    private static SmtpOptions Options(int port, bool login = true) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Security = "none",
        From = "latch@example.org",
        User = login ? "latch" : null,
        Password = login ? Password : null,
    };

    private static DeliveryMessage Message() => new("dlv_test", "email", "cod_test", new PlainCode("48213907"),
        new DeliveryRecipient("usr_test", "ada", null, "ada@example.org", null), "res_test", "Front door",
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5), 1);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
