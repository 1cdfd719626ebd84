using System.Text;
using Latch.Server.Delivery.Email;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>The message Latch writes for SMTP: it reads back as written, and DATA cannot be cut short by a line of ".".</summary>
public sealed class MimeMessageWriterTests
{
    [Fact]
    public void A_message_reads_back_with_its_unicode_long_lines_and_leading_dots_intact()
    {
        var text = "Grüße,\n.hidden line\n" + new string('x', 200) + " \nend with space ";
        var raw = MimeMessageWriter.Alternative("latch@example.test", "ada@example.test", "Ada \"Countess\" Lovelace", "Your Latch code for Tür 3 — Ost",
            new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), "dlv_1.0@example.test", text, "<p>Tür</p>");

        var ascii = Encoding.UTF8.GetString(raw);
        Assert.True(Ascii.IsValid(raw), "the whole message is 7-bit");
        Assert.All(ascii.Split("\r\n"), line => Assert.True(line.Length <= 998, line));
        Assert.DoesNotContain("\n.", ascii.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);

        var mail = MimeText.Parse(ascii);
        Assert.Equal("Your Latch code for Tür 3 — Ost", mail.Subject);
        Assert.Equal("\"Ada \\\"Countess\\\" Lovelace\" <ada@example.test>", mail.Header("to"));
        Assert.Equal("Wed, 02 Jan 2030 03:04:05 +0000", mail.Header("date"));
        Assert.Equal(text, mail.Part("text/plain").Body.TrimEnd('\r', '\n'));
        Assert.Equal("<p>Tür</p>", mail.Part("text/html").Body.TrimEnd('\r', '\n'));
    }

    [Fact]
    public void A_header_value_with_a_line_break_cannot_add_a_header()
    {
        var raw = Encoding.UTF8.GetString(MimeMessageWriter.Alternative("latch@example.test", "ada@example.test", "Ada\r\nBcc: eve@example.test",
            "Door\r\nBcc: eve@example.test", DateTimeOffset.UnixEpoch, "id@example.test", "t", "h"));

        Assert.DoesNotContain("\r\nBcc:", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Data_dot_stuffs_lines_that_start_with_a_dot_and_ends_with_a_lone_dot()
    {
        var stuffed = Encoding.ASCII.GetString(SmtpSubmission.DotStuff(Encoding.ASCII.GetBytes(".a\r\nb\r\n.\r\n..c")));
        Assert.Equal("..a\r\nb\r\n..\r\n...c\r\n.\r\n", stuffed);
    }
}
