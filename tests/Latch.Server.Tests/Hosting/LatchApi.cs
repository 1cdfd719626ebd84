using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.Server.Tests.Hosting;

/// <summary>Test-side calls to the public API, answering with the status and the parsed body.</summary>
public sealed class LatchApi(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? new StringContent(
                body is string raw ? raw : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, parsed);
    }

    public async Task<string> CreateUserAsync(string userName)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/users", new { userName });
        Assert.Equal(201, status);
        return body.GetProperty("id").GetString()!;
    }

    public async Task<string> CreateResourceAsync(string name, string kind = "door")
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/resources", new { name, kind });
        Assert.Equal(201, status);
        return body.GetProperty("id").GetString()!;
    }

    public async Task<(string Id, string Code)> IssueAsync(string userId, string resourceId, object? extra = null)
    {
        var body = new JsonObject { ["userId"] = userId, ["resourceId"] = resourceId };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        var (status, answer) = await SendAsync(HttpMethod.Post, "/v1/codes", body);
        Assert.True(status == 201, $"issuance answered {status}: {answer}");
        return (answer.GetProperty("id").GetString()!, answer.TryGetProperty("code", out var code) ? code.GetString()! : "");
    }

    public async Task<(int Status, JsonElement Body)> VerifyAsync(string resourceId, string code, string? userId = null, string? ip = null)
    {
        var context = new JsonObject();
        if (userId is not null)
        {
            context["userId"] = userId;
        }

        if (ip is not null)
        {
            context["ip"] = ip;
        }

        var body = new JsonObject { ["resourceId"] = resourceId, ["code"] = code };
        if (context.Count > 0)
        {
            body["context"] = context;
        }

        return await SendAsync(HttpMethod.Post, "/v1/codes/verify", body);
    }

    public static string Reason(JsonElement body) => body.GetProperty("reason").GetString()!;

    public async Task<JsonElement> AuditVerifyAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/audit/verify");
        Assert.Equal(200, status);
        return body;
    }
}
