using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.Cli;

/// <summary>A thin JSON client for the Latch API: answers come back as parsed JSON with their status.</summary>
internal sealed class ApiClient(Uri server, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? parsed = null;
        if (text.Length > 0)
        {
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                parsed = JsonValue.Create(text);
            }
        }

        return ((int)response.StatusCode, parsed);
    }

    public void Dispose() => _http.Dispose();
}
