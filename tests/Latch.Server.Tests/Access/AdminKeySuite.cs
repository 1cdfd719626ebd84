using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Access;

/// <summary>The last active admin API key cannot be revoked: without one, no admin call could ever be made again.</summary>
public abstract class AdminKeySuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Revoking_the_last_admin_key_is_refused_and_the_key_keeps_working()
    {
        // Keys of other roles do not count: an operator key cannot create keys.
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "ops", role = "operator" })).Status);
        var bootstrap = await BootstrapKeyIdAsync();

        using var http = Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/api-keys/{bootstrap}");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("latch.api-key.last-admin", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain(LatchHost.AdminKey, text, StringComparison.Ordinal);
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Get, "/v1/users")).Status);
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "after the refusal", role = "app" })).Status);
        Assert.DoesNotContain(await AuditActionsAsync(), a => a == "apiKey.revoked");
    }

    [Fact]
    public async Task With_two_admin_keys_one_can_be_revoked_and_then_the_other_is_refused()
    {
        var bootstrap = await BootstrapKeyIdAsync();
        var (second, secondKey) = await CreateAdminKeyAsync();
        using var secondHttp = Host.Client(secondKey);
        var secondApi = new LatchApi(secondHttp);

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{second}")).Status);
        Assert.Equal(401, (await secondApi.SendAsync(HttpMethod.Get, "/v1/users")).Status);

        var (status, problem) = await Api.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{bootstrap}");
        Assert.Equal(409, status);
        Assert.Equal("latch.api-key.last-admin", problem.GetProperty("code").GetString());
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Get, "/v1/users")).Status);
    }

    [Fact]
    public async Task Concurrent_revocations_of_the_last_two_admin_keys_leave_one_active_every_time()
    {
        var survivor = (Id: await BootstrapKeyIdAsync(), Key: LatchHost.AdminKey);
        using var gate = new SemaphoreSlim(0);

        for (var round = 0; round < 30; round++)
        {
            using var survivorHttp = Host.Client(survivor.Key);
            var (id, key) = await CreateAdminKeyAsync(new LatchApi(survivorHttp));
            (string Id, string Key)[] pair = [survivor, (id, key)];

            // Each key revokes itself, so both calls pass authentication whichever commits first.
            var attempts = pair.Select(async k =>
            {
                using var http = Host.Client(k.Key);
                await gate.WaitAsync();
                return (await new LatchApi(http).SendAsync(HttpMethod.Delete, $"/v1/api-keys/{k.Id}")).Status;
            }).ToList();
            gate.Release(2);
            var statuses = await Task.WhenAll(attempts);

            Assert.Equal([204, 409], statuses.Order());
            var active = new List<(string Id, string Key)>();
            foreach (var k in pair)
            {
                using var http = Host.Client(k.Key);
                if ((await new LatchApi(http).SendAsync(HttpMethod.Get, "/v1/users")).Status == 200)
                {
                    active.Add(k);
                }
            }

            survivor = Assert.Single(active);
        }
    }

    [Fact]
    public async Task Keys_are_listed_without_their_secret_and_the_revoked_ones_only_when_asked()
    {
        var door = await Api.CreateResourceAsync("Front door");
        var (_, app) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "payroll app", role = "app" });
        var (_, device) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "keypad", role = "device", resourceId = door });
        var (_, gone) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "old auditor", role = "auditor" });
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{gone.GetProperty("id").GetString()}")).Status);

        using var http = Host.Client();
        var active = await http.GetStringAsync("/v1/api-keys");
        var all = await http.GetStringAsync("/v1/api-keys?includeRevoked=true");

        var listed = JsonDocument.Parse(active).RootElement.EnumerateArray().ToList();
        Assert.Equal(["admin", "app", "device"], listed.Select(k => k.GetProperty("role").GetString()));
        Assert.Equal(app.GetProperty("id").GetString(), listed[1].GetProperty("id").GetString());
        Assert.Equal("payroll app", listed[1].GetProperty("name").GetString());
        Assert.Equal(door, listed[2].GetProperty("resourceId").GetString());
        Assert.False(listed[1].TryGetProperty("revokedAt", out _));
        var revoked = JsonDocument.Parse(all).RootElement.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "old auditor");
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
        foreach (var secret in new[] { LatchHost.AdminKey, app.GetProperty("key").GetString()!, device.GetProperty("key").GetString()!, gone.GetProperty("key").GetString()! })
        {
            Assert.DoesNotContain(secret, active + all, StringComparison.Ordinal);
        }

        Assert.All(listed, k => Assert.False(k.TryGetProperty("key", out _)));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_refusal()
    {
        var (status, openApi) = await Api.SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.Equal(200, status);
        var responses = openApi.GetProperty("paths").GetProperty("/v1/api-keys/{id}").GetProperty("delete").GetProperty("responses");
        Assert.True(responses.TryGetProperty("409", out var conflict));
        Assert.True(conflict.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    private async Task<(string Id, string Key)> CreateAdminKeyAsync(LatchApi? api = null)
    {
        var (status, created) = await (api ?? Api).SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "admin " + Guid.NewGuid().ToString("n"), role = "admin" });
        Assert.Equal(201, status);
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    private async Task<string> BootstrapKeyIdAsync()
    {
        var (status, keys) = await Api.SendAsync(HttpMethod.Get, "/v1/api-keys");
        Assert.Equal(200, status);
        return keys.EnumerateArray().First().GetProperty("id").GetString()!; // the oldest key
    }

    private async Task<List<string?>> AuditActionsAsync()
    {
        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString())];
    }
}

public sealed class SqliteAdminKeys() : AdminKeySuite("sqlite");

public sealed class PostgresAdminKeys() : AdminKeySuite("postgres");
