using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Latch.Browser.Tests;

/// <summary>The doors API as an admin script and a controller use it (bearer keys), to set up and drive the Doors pages.</summary>
public sealed class DoorApi(UiHost host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.BaseAddress };

    public async Task<string> CreateDoorAsync(string name)
    {
        var created = await SendAsync(HttpMethod.Post, "/v1/resources", UiHost.AdminKey, new { name, kind = "door" }, HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>Registers a controller; its id and its device key.</summary>
    public async Task<(string Id, string Key)> AddControllerAsync(string doorId, string name)
    {
        var created = await SendAsync(HttpMethod.Post, $"/v1/doors/{doorId}/controllers", UiHost.AdminKey, new { name, firmware = "1.0.0" }, HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    /// <summary>The controller reports its state with a clock <paramref name="clockOffset"/> off Latch's; Latch's status answer.</summary>
    public async Task<string> ReportAsync(string doorId, string deviceKey, TimeSpan clockOffset)
    {
        var reported = await SendAsync(HttpMethod.Put, $"/v1/doors/{doorId}/twin/reported", deviceKey,
            new { firmware = "2.1.0", clock = DateTimeOffset.UtcNow + clockOffset, lockState = "locked" }, HttpStatusCode.OK);
        return reported.GetProperty("status").GetString()!;
    }

    /// <summary>A user with a code for the door, issued by the admin script; the code's plain value.</summary>
    public async Task<string> UserWithCodeAsync(string doorId, string userName)
    {
        var user = await SendAsync(HttpMethod.Post, "/v1/users", UiHost.AdminKey, new { userName }, HttpStatusCode.Created);
        var issued = await SendAsync(HttpMethod.Post, "/v1/codes", UiHost.AdminKey,
            new { userId = user.GetProperty("id").GetString(), resourceId = doorId }, HttpStatusCode.Created);
        return issued.GetProperty("code").GetString()!;
    }

    /// <summary>The controller forwards a typed code; whether Latch opened.</summary>
    public async Task<bool> UnlockAsync(string doorId, string deviceKey, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/doors/{doorId}/unlock") { Content = JsonContent.Create(new { code }) };
        request.Headers.Authorization = new("Bearer", deviceKey);
        using var response = await _http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The controller uploads a keypad lockout (its first event).</summary>
    public Task UploadLockoutAsync(string doorId, string deviceKey) =>
        SendAsync(HttpMethod.Post, $"/v1/doors/{doorId}/events", deviceKey,
            new { events = new[] { new { seq = 1, at = DateTimeOffset.UtcNow, kind = "lockout", failures = 5 } } }, HttpStatusCode.OK);

    public async Task<HttpStatusCode> StatusOfReportAsync(string doorId, string deviceKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/doors/{doorId}/twin/reported")
        {
            Content = JsonContent.Create(new { firmware = "2.1.0", clock = DateTimeOffset.UtcNow, lockState = "locked" }),
        };
        request.Headers.Authorization = new("Bearer", deviceKey);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string key, object body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
