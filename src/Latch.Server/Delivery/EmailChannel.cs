using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery;

/// <summary>
/// The <c>email</c> channel: one SMTP submission per message with <see cref="SmtpClient"/> (STARTTLS or plain, with
/// optional authentication). Available when <c>Delivery:Smtp:Host</c> is set.
/// </summary>
internal sealed class EmailChannel(IOptions<SmtpOptions> options, IOptions<DeliveryQueueOptions> queue) : IDeliveryChannel
{
    public const string Name = "email";

    public string Method => Name;

    public string? CannotReach(DeliveryRecipient recipient) =>
        string.IsNullOrWhiteSpace(recipient.Email) ? "the user has no email address"
        : MailAddress.TryCreate(recipient.Email, out _) ? null
        : "the user's email address is not a valid address";

    public async Task<DeliveryOutcome> SendAsync(DeliveryMessage message, CancellationToken ct)
    {
        if (CannotReach(message.Recipient) is { } why)
        {
            return new DeliveryOutcome.Failed($"Cannot send: {why}.", Retryable: false);
        }

        var smtp = options.Value;
        using var mail = EmailTemplates.Compose(message, new MailAddress(smtp.From!));
        using var client = new SmtpClient(smtp.Host!, smtp.EffectivePort)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.Security == "starttls",
            Timeout = queue.Value.SendTimeoutSeconds * 1000,
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(smtp.User))
        {
            client.Credentials = new NetworkCredential(smtp.User, smtp.Password);
        }

        try
        {
            await client.SendMailAsync(mail, ct);
            return new DeliveryOutcome.Sent(null);
        }
        catch (SmtpFailedRecipientException e)
        {
            return new DeliveryOutcome.Failed($"The SMTP server refused the recipient: {Describe(e.StatusCode)}.", IsTransient(e.StatusCode));
        }
        catch (SmtpException e)
        {
            // The inner exception says why a connection failed (refused, timed out, TLS); SMTP replies never carry the body.
            var cause = e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "";
            return new DeliveryOutcome.Failed($"SMTP {Describe(e.StatusCode)}{cause}.", IsTransient(e.StatusCode));
        }
    }

    private static string Describe(SmtpStatusCode status) => status == SmtpStatusCode.GeneralFailure
        ? "connection failed"
        : $"{(int)status} {status}";

    // RFC 5321 §4.2.1: 4yz replies are transient, 5yz permanent; a failed connection (GeneralFailure) is worth retrying.
    private static bool IsTransient(SmtpStatusCode status) => (int)status < 500;
}
