namespace Latch.Server.Delivery.Webhooks;

/// <summary>The checks every webhook channel's URL and secret must pass at start-up.</summary>
internal static class WebhookSettings
{
    public static void Check(string section, string? urlText, string? secret, string secretMeaning, List<string> failures)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            failures.Add($"{section}:Url must be an absolute http(s) URL.");
        }
        else if (url.Scheme == "http" && !url.IsLoopback)
        {
            failures.Add($"{section}:Url must use https (plain http is allowed only on loopback): what it carries is confidential.");
        }

        if (secret is not { Length: >= 16 })
        {
            failures.Add($"{section}:Secret must be set, at least 16 characters ({secretMeaning}).");
        }
    }
}
