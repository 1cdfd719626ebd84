using System.Text;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// One message submitted over one connection (RFC 5321 §3, RFC 6409): greeting, EHLO, TLS as configured, AUTH when a
/// user is set, MAIL, RCPT, DATA, QUIT. Failures are thrown as <see cref="SmtpFailureException"/> (the server said no),
/// or as the socket, I/O and TLS exceptions of a connection that did not hold.
/// </summary>
internal sealed class SmtpSubmission(SmtpOptions options, SmtpTls tls)
{
    public async Task SendAsync(string from, string to, byte[] message, CancellationToken ct)
    {
        var host = options.Host!;
        await using var smtp = await SmtpConnection.OpenAsync(host, options.EffectivePort, ct);
        if (options.Security == "tls")
        {
            await smtp.StartTlsAsync(tls.ClientOptions(host), ct); // RFC 8314 §3.3: TLS from the first byte
        }

        Expect(await smtp.ReadReplyAsync(ct), 220, "the connection");
        var ehlo = await EhloAsync(smtp, ct);
        if (options.Security == "starttls")
        {
            // RFC 3207: never carry on in plain text when the server does not offer STARTTLS (that is what a downgrade looks like).
            if (!ehlo.Offers("STARTTLS"))
            {
                throw new SmtpFailureException("The SMTP server does not offer STARTTLS, and Delivery:Smtp:Security is 'starttls'.", retryable: false);
            }

            Expect(await smtp.CommandAsync("STARTTLS", ct), 220, "STARTTLS");
            await smtp.StartTlsAsync(tls.ClientOptions(host), ct);
            ehlo = await EhloAsync(smtp, ct); // RFC 3207 §4.2: forget what was learned before TLS
        }

        if (!string.IsNullOrEmpty(options.User))
        {
            await AuthenticateAsync(smtp, ehlo, ct);
        }

        var international = !Ascii.IsValid(from) || !Ascii.IsValid(to);
        if (international && !ehlo.Offers("SMTPUTF8"))
        {
            throw new SmtpFailureException("The SMTP server does not accept international (UTF-8) addresses (no SMTPUTF8).", retryable: false);
        }

        Expect(await smtp.CommandAsync($"MAIL FROM:<{from}>{(international ? " SMTPUTF8" : "")}", ct), 250, "the sender");
        Expect(await smtp.CommandAsync($"RCPT TO:<{to}>", ct), 250, 251, "the recipient");
        Expect(await smtp.CommandAsync("DATA", ct), 354, "DATA");
        await smtp.WriteAsync(DotStuff(message), ct);
        Expect(await smtp.ReadReplyAsync(ct), 250, "the message");

        try
        {
            await smtp.CommandAsync("QUIT", ct);
        }
        catch (Exception e) when (e is IOException or SmtpFailureException or OperationCanceledException)
        {
            // The message is accepted: how the server says goodbye, or whether it does before the send's time runs out,
            // does not matter. Reporting a failure here would send the message again.
        }
    }

    private static async Task<SmtpReply> EhloAsync(SmtpConnection smtp, CancellationToken ct) =>
        Expect(await smtp.CommandAsync($"EHLO {smtp.AddressLiteral}", ct), 250, "EHLO");

    /// <summary>The password as it goes over the wire, plain and in both logins, for the channel to keep out of errors.</summary>
    public static IEnumerable<string> CredentialForms(SmtpOptions options) =>
        string.IsNullOrEmpty(options.Password) ? [] : [options.Password, PlainToken(options), LoginPassword(options)];

    // RFC 4616: authzid NUL authcid NUL passwd, UTF-8, base64 (RFC 4954 initial response).
    private static string PlainToken(SmtpOptions options) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{options.User}\0{options.Password}"));

    private static string LoginPassword(SmtpOptions options) => Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Password ?? ""));

    private async Task AuthenticateAsync(SmtpConnection smtp, SmtpReply ehlo, CancellationToken ct)
    {
        var mechanisms = ehlo.Parameters("AUTH").Select(m => m.ToUpperInvariant()).ToHashSet();
        if (mechanisms.Contains("PLAIN"))
        {
            Expect(await smtp.CommandAsync($"AUTH PLAIN {PlainToken(options)}", ct), 235, "the login (AUTH PLAIN)");
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            Expect(await smtp.CommandAsync("AUTH LOGIN", ct), 334, "the login (AUTH LOGIN)");
            Expect(await smtp.CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(options.User!)), ct), 334, "the login (AUTH LOGIN)");
            Expect(await smtp.CommandAsync(LoginPassword(options), ct), 235, "the login (AUTH LOGIN)");
        }
        else
        {
            throw new SmtpFailureException(
                $"The SMTP server offers no login Latch can use (AUTH PLAIN or LOGIN; it offers: {(mechanisms.Count == 0 ? "none" : string.Join(", ", mechanisms))}).",
                retryable: false);
        }
    }

    /// <summary>
    /// The DATA body (RFC 5321 §4.5.2): a line that starts with "." gets another "."; CRLF line ends; then CRLF "." CRLF.
    /// </summary>
    public static byte[] DotStuff(byte[] message)
    {
        using var data = new MemoryStream(message.Length + 16);
        var lineStart = true;
        foreach (var b in message)
        {
            if (lineStart && b == (byte)'.')
            {
                data.WriteByte((byte)'.');
            }

            data.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        data.Write(lineStart ? ".\r\n"u8 : "\r\n.\r\n"u8);
        return data.ToArray();
    }

    private static SmtpReply Expect(SmtpReply reply, int expected, string what) => Expect(reply, expected, expected, what);

    private static SmtpReply Expect(SmtpReply reply, int expected, int alternative, string what) =>
        reply.Code == expected || reply.Code == alternative
            ? reply
            : throw new SmtpFailureException($"The SMTP server refused {what}: {reply}.", reply.IsTransient);
}
