namespace Latch.Server.Delivery.Email;

/// <summary>One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines (several for a multi-line reply).</summary>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>RFC 5321 §4.2.1: 4yz is a transient failure; 5yz is permanent.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>The EHLO keywords (RFC 5321 §4.1.1.1): every line after the greeting, its first word upper-cased.</summary>
    public bool Offers(string keyword) => Lines.Skip(1).Any(line => string.Equals(line.Split(' ')[0], keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>The parameters of an EHLO keyword (<c>AUTH PLAIN LOGIN</c> → PLAIN, LOGIN).</summary>
    public IEnumerable<string> Parameters(string keyword) => Lines.Skip(1)
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(words => words.Length > 0 && string.Equals(words[0], keyword, StringComparison.OrdinalIgnoreCase))
        .SelectMany(words => words.Skip(1));

    /// <summary>The code and text, on one line, cut short: for an attempt's error.</summary>
    public override string ToString()
    {
        var text = $"{Code} {string.Join(" ", Lines)}".Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
