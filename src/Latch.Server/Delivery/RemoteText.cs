using Latch.Core.Codes;

namespace Latch.Server.Delivery;

/// <summary>
/// Text that came back from a channel (an error, a gateway's reason phrase, the reference it gave a message), made fit
/// for logs, the audit log and API answers: the plain code redacted, control characters replaced (no terminal escapes
/// or forged log lines), and cut short.
/// </summary>
internal static class RemoteText
{
    public static string Clean(string text, PlainCode? code = null, int maxLength = 500)
    {
        if (code is not null && code.Reveal().Length > 0)
        {
            text = text.Replace(code.Reveal(), "[redacted]", StringComparison.Ordinal);
        }

        var printable = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return printable.Length <= maxLength ? printable : printable[..maxLength] + "…";
    }
}
