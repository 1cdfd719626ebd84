using System.Text;
using System.Text.RegularExpressions;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// Just enough MIME (RFC 2045/2046/2047) to read what Latch's email channel sends: headers, one level of multipart,
/// quoted-printable and base64 bodies, encoded-word subjects.
/// </summary>
public sealed partial record MimeText(IReadOnlyDictionary<string, string> Headers, string ContentType, string Body, IReadOnlyList<MimeText> Parts)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";

    public string Subject => DecodeWords(Header("subject"));

    public MimeText Part(string contentType) => Parts.Single(p => p.ContentType == contentType);

    public static MimeText Parse(string raw)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 2)..];
        var headers = new Dictionary<string, string>();
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += " " + line.Trim(); // RFC 5322 §2.2.3 unfolding
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                last = line[..colon].Trim().ToLowerInvariant();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        var contentType = headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim().ToLowerInvariant() : "text/plain";
        if (contentType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            var boundary = Boundary().Match(type!).Groups[1].Value;
            var parts = body.Split("--" + boundary)
                .Skip(1)
                .TakeWhile(p => !p.StartsWith("--", StringComparison.Ordinal))
                .Select(p => Parse(p.TrimStart('\n')))
                .ToList();
            return new MimeText(headers, contentType, "", parts);
        }

        var encoding = headers.TryGetValue("content-transfer-encoding", out var cte) ? cte.ToLowerInvariant() : "7bit";
        var decoded = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n')))),
            "quoted-printable" => QuotedPrintable(body),
            _ => body,
        };
        return new MimeText(headers, contentType, decoded, []);
    }

    private static string QuotedPrintable(string text)
    {
        text = text.Replace("=\n", "", StringComparison.Ordinal); // soft line breaks
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string DecodeWords(string value) => EncodedWord().Replace(value, m => string.Equals(m.Groups[2].Value, "B", StringComparison.OrdinalIgnoreCase)
        ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
        : QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();
}
