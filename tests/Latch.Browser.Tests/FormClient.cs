using System.Net;
using System.Text.RegularExpressions;

namespace Latch.Browser.Tests;

/// <summary>
/// A browser without JavaScript: an HttpClient with cookies that reads a page, finds a form by its name (the
/// <c>_handler</c> field Razor Components render), and posts it with the page's anti-forgery token.
/// </summary>
public sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;

    public FormClient(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = baseAddress };
    }

    public string LastPage { get; private set; } = "";
    public HttpStatusCode LastStatus { get; private set; }
    public Uri? LastUri { get; private set; }

    public async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await KeepAsync(response);
    }

    /// <summary>Posts the form named <paramref name="formName"/> on the last page read, with its hidden fields and <paramref name="fields"/>.</summary>
    public async Task<string> PostAsync(string formName, params (string Name, string Value)[] fields)
    {
        var form = FormRegex().Matches(LastPage).Select(m => m.Value)
            .FirstOrDefault(f => f.Contains($"name=\"_handler\" value=\"{formName}\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form '{formName}' on {LastUri}:\n{LastPage}");
        var action = ActionRegex().Match(form) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : LastUri!.PathAndQuery;
        return await PostToAsync(action, form, fields);
    }

    /// <summary>Posts to any path with the anti-forgery token of the last page (for forms a role does not see).</summary>
    public async Task<string> PostRawAsync(string path, string formName, params (string Name, string Value)[] fields)
    {
        var token = TokenRegex().Match(LastPage);
        if (!token.Success)
        {
            throw new InvalidOperationException("No anti-forgery token on the last page.");
        }

        return await PostToAsync(path, $"<input type=\"hidden\" name=\"_handler\" value=\"{formName}\" />{token.Value}", fields);
    }

    private async Task<string> PostToAsync(string action, string form, (string Name, string Value)[] fields)
    {
        var values = HiddenRegex().Matches(form).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        using var response = await _http.PostAsync(action, new FormUrlEncodedContent(values));
        return await KeepAsync(response);
    }

    private async Task<string> KeepAsync(HttpResponseMessage response)
    {
        LastStatus = response.StatusCode;
        LastUri = response.RequestMessage?.RequestUri;
        LastPage = await response.Content.ReadAsStringAsync();
        return LastPage;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex ActionRegex();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenRegex();

    [GeneratedRegex("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"[^\"]*\" />")]
    private static partial Regex TokenRegex();
}
