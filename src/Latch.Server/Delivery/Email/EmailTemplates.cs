using System.Globalization;
using System.Net;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// The email a code travels in: plain text and HTML (multipart/alternative) stating what the code opens and until
/// when — nothing else, and the code only in the body (subjects show up in notifications and logs).
/// </summary>
internal static class EmailTemplates
{
    private const string Text = """
        Hello {name},

        your Latch code for {resource} is:

            {code}

        It opens {resource} from {from} until {until} (UTC).
        Valid until (ISO 8601): {untilIso}

        Keep it to yourself: whoever holds it can use it. If you did not ask for it, do not use it and tell your administrator.
        """;

    private const string Html = """
        <!DOCTYPE html>
        <html><body style="font-family: sans-serif">
        <p>Hello {name},</p>
        <p>your Latch code for <strong>{resource}</strong> is:</p>
        <p style="font-size: 1.6em; font-family: monospace; letter-spacing: 0.2em"><strong>{code}</strong></p>
        <p>It opens <strong>{resource}</strong> from {from} until {until} (UTC).<br>
        Valid until (ISO 8601): <time datetime="{untilIso}">{untilIso}</time></p>
        <p>Keep it to yourself: whoever holds it can use it. If you did not ask for it, do not use it and tell your administrator.</p>
        </body></html>
        """;

    public static string Subject(DeliveryMessage message) => $"Your Latch code for {message.ResourceName}";

    /// <summary>The whole message, ready for DATA: headers and both parts.</summary>
    public static byte[] Compose(DeliveryMessage message, string from, string to, DateTimeOffset date) =>
        MimeMessageWriter.Alternative(from, to, message.Recipient.DisplayName, Subject(message), date,
            $"{message.DeliveryId}.{message.Attempt}@{from[(from.LastIndexOf('@') + 1)..]}",
            Fill(Text, message, encode: false), Fill(Html, message, encode: true));

    public static string Fill(string template, DeliveryMessage message, bool encode)
    {
        string E(string value) => encode ? WebUtility.HtmlEncode(value) : value;
        return template
            .Replace("{name}", E(message.Recipient.DisplayName ?? message.Recipient.UserName), StringComparison.Ordinal)
            .Replace("{resource}", E(message.ResourceName), StringComparison.Ordinal)
            .Replace("{from}", Utc(message.NotBefore), StringComparison.Ordinal)
            .Replace("{until}", Utc(message.NotAfter), StringComparison.Ordinal)
            .Replace("{untilIso}", message.NotAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{code}", E(message.Code.Reveal()), StringComparison.Ordinal);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
