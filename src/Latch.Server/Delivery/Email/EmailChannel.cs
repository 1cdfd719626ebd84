using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// The <c>email</c> channel: one SMTP submission per message (<see cref="SmtpSubmission"/>: plain, STARTTLS or
/// implicit TLS, with optional AUTH). Available when <c>Delivery:Smtp:Host</c> is set.
/// </summary>
internal sealed class EmailChannel(IOptions<SmtpOptions> options, TimeProvider clock) : IDeliveryChannel
{
    public const string Name = "email";

    private readonly SmtpSubmission _submission = new(options.Value, SmtpTls.From(options.Value));

    public string Method => Name;

    public string? CannotReach(DeliveryRecipient recipient) =>
        string.IsNullOrWhiteSpace(recipient.Email) ? "the user has no email address"
        : MailAddress.TryCreate(recipient.Email, out _) ? null
        : "the user's email address is not a valid address";

    public async Task<DeliveryOutcome> SendAsync(DeliveryMessage message, CancellationToken ct)
    {
        var smtp = options.Value;
        var from = new MailAddress(smtp.From!).Address;
        var to = new MailAddress(message.Recipient.Email!).Address;
        try
        {
            await _submission.SendAsync(from, to, EmailTemplates.Compose(message, from, to, clock.GetUtcNow()), ct);
            return new DeliveryOutcome.Sent(null);
        }
        catch (SmtpFailureException e)
        {
            return Failed(e.Message, e.Retryable);
        }
        catch (AuthenticationException e)
        {
            // A certificate that does not hold is a setting to fix (or an attack): retried until the code expires, so
            // a fix (Delivery:Smtp:TrustedCertificate, a renewed certificate) still delivers it.
            return Failed($"TLS with the SMTP server {smtp.Host}:{smtp.EffectivePort} failed: {e.Message}", retryable: true);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // Refused, unreachable, reset, closed: the server may be back on the next attempt.
            var cause = e is SocketException s ? s.SocketErrorCode.ToString() : e.Message;
            return Failed($"SMTP connection failed ({smtp.Host}:{smtp.EffectivePort}: {cause}).", retryable: true);
        }

        // The server's words are quoted in the error: take out what it has no business echoing (the login, say, which a
        // server may quote in its refusal, base64 and all).
        DeliveryOutcome Failed(string error, bool retryable)
        {
            foreach (var secret in SmtpSubmission.CredentialForms(smtp).Append(message.Code.Reveal()))
            {
                if (!string.IsNullOrEmpty(secret))
                {
                    error = error.Replace(secret, "(redacted)", StringComparison.Ordinal);
                }
            }

            return new DeliveryOutcome.Failed(error, retryable);
        }
    }
}
