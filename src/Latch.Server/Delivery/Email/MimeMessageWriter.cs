using System.Globalization;
using System.Text;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// Writes the one shape of message Latch sends: RFC 5322 headers and a multipart/alternative body (RFC 2046 §5.1.4)
/// of a text/plain and a text/html part, each UTF-8 and quoted-printable (RFC 2045 §6.7). Header text that is not
/// plain printable ASCII goes into encoded words (RFC 2047), so no value can break a header line.
/// </summary>
internal static class MimeMessageWriter
{
    private const int MaxEncodedLine = 76;

    public static byte[] Alternative(string from, string to, string? toName, string subject, DateTimeOffset date, string messageId, string text, string html)
    {
        var boundary = $"=_latch_{Guid.NewGuid():N}"; // "=_" never occurs in quoted-printable output
        var mime = new StringBuilder()
            .Append("Date: ").Append(date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("From: <").Append(from).Append(">\r\n")
            .Append("To: ").Append(Mailbox(to, toName)).Append("\r\n")
            .Append("Subject: ").Append(HeaderText(subject)).Append("\r\n")
            .Append("Message-ID: <").Append(messageId).Append(">\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n")
            .Append("\r\n");
        foreach (var (type, body) in new[] { ("text/plain", text), ("text/html", html) })
        {
            mime.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: ").Append(type).Append("; charset=utf-8\r\n")
                .Append("Content-Transfer-Encoding: quoted-printable\r\n")
                .Append("\r\n")
                .Append(QuotedPrintable(body)).Append("\r\n");
        }

        mime.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(mime.ToString());
    }

    private static string Mailbox(string address, string? name) => string.IsNullOrWhiteSpace(name)
        ? $"<{address}>"
        : IsPlain(name) ? $"\"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{address}>"
        : $"{EncodedWords(name)} <{address}>";

    private static string HeaderText(string value) => IsPlain(value) && value.Length <= 900 ? value : EncodedWords(value);

    private static bool IsPlain(string value) => value.All(c => c is >= ' ' and <= '~');

    /// <summary>RFC 2047 B-encoded words of at most 45 UTF-8 bytes each (never splitting a character), folded one per line.</summary>
    private static string EncodedWords(string value)
    {
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > 45)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(rune.ToString());
        }

        words.Add(Word(chunk.ToString()));
        return string.Join("\r\n ", words);

        static string Word(string text) => $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
    }

    /// <summary>RFC 2045 §6.7: UTF-8 bytes, "=XX" for what is not printable ASCII, soft breaks before 76 characters, CRLF hard breaks.</summary>
    public static string QuotedPrintable(string text)
    {
        var output = new StringBuilder();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            var length = 0;
            for (var j = 0; j < bytes.Length; j++)
            {
                var b = bytes[j];
                var last = j == bytes.Length - 1;
                // Literal: printable ASCII but "="; a space or tab unless it ends the line (rule 3); a "." that starts a
                // line is encoded too, so the message never depends on dot-stuffing.
                var literal = (b is >= 33 and <= 126 && b != '=' && !(b == '.' && length == 0)) || (b is (byte)' ' or (byte)'\t' && !last);
                var token = literal ? ((char)b).ToString() : $"={b:X2}";
                if (length + token.Length > MaxEncodedLine - 1)
                {
                    output.Append("=\r\n");
                    length = 0;
                    if (token == ".")
                    {
                        token = "=2E";
                    }
                }

                output.Append(token);
                length += token.Length;
            }

            if (i < lines.Length - 1)
            {
                output.Append("\r\n");
            }
        }

        return output.ToString();
    }
}
