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

    // The server answers a key's id only when it creates it; the bootstrap key's is in its audit entry.
    private async Task<string> BootstrapKeyIdAsync()
    {
        var (status, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.Equal(200, status);
        return page.GetProperty("entries").EnumerateArray()
            .First(e => e.GetProperty("action").GetString() == "apiKey.created" && e.GetProperty("actor").GetString() == "system")
            .GetProperty("target").GetString()!;
    }

    private async Task<List<string?>> AuditActionsAsync()
    {
        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString())];
    }
}

public sealed class SqliteAdminKeys() : AdminKeySuite("sqlite");

public sealed class PostgresAdminKeys() : AdminKeySuite("postgres");
