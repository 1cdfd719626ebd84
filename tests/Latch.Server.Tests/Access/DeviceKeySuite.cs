using System.Text.Json;
using Latch.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latch.Server.Tests.Access;

/// <summary>
/// A device key made with POST /v1/api-keys is bound to one resource, as a controller's key is bound to its door: it
/// verifies codes there and nowhere else, so a stolen kiosk key does not open codes everywhere.
/// </summary>
public abstract class DeviceKeySuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task A_bound_device_key_verifies_at_its_resource_and_is_refused_elsewhere_without_using_the_code()
    {
        var user = await Api.CreateUserAsync("ada");
        var kiosk = await Api.CreateResourceAsync("Lobby kiosk", "device");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        var (_, key) = await CreateDeviceKeyAsync(kiosk);
        using var deviceHttp = Host.Client(key);
        var device = new LatchApi(deviceHttp);

        var (_, atKiosk) = await Api.IssueAsync(user, kiosk);
        var (status, granted) = await device.VerifyAsync(kiosk, atKiosk);
        Assert.Equal(200, status);
        Assert.True(granted.GetProperty("granted").GetBoolean());

        var (_, atApp) = await Api.IssueAsync(user, app);
        var (refusedStatus, refused) = await device.VerifyAsync(app, atApp);
        Assert.Equal(403, refusedStatus);
        Assert.Equal("latch.device.not-your-resource", refused.GetProperty("code").GetString());

        // The refusal came before the code was touched: an app key still opens with it, once.
        var (_, appKey) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "payroll", role = "app" });
        using var appHttp = Host.Client(appKey.GetProperty("key").GetString());
        Assert.Equal(200, (await new LatchApi(appHttp).VerifyAsync(app, atApp)).Status);
    }

    [Fact]
    public async Task A_device_key_may_not_relay_an_address_and_its_guesses_count_against_its_own()
    {
        var user = await Api.CreateUserAsync("ada");
        var kiosk = await Api.CreateResourceAsync("Lobby kiosk", "device");
        var (_, key) = await CreateDeviceKeyAsync(kiosk);
        using var deviceHttp = Host.Client(key);
        var device = new LatchApi(deviceHttp);
        var (_, code) = await Api.IssueAsync(user, kiosk);

        var (status, problem) = await device.SendAsync(HttpMethod.Post, "/v1/codes/verify", new { resourceId = kiosk, code, context = new { ip = "203.0.113.7" } });

        Assert.Equal(400, status);
        Assert.Equal(["context.ip"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, (await device.VerifyAsync(kiosk, code)).Status); // the refusal came before the code was touched
        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?order=newest&limit=1");
        Assert.Equal("127.0.0.1", page.GetProperty("entries")[0].GetProperty("data").GetProperty("ip").GetString());
    }

    [Fact]
    public async Task The_binding_is_in_the_answer_and_the_audit_and_survives_a_restart()
    {
        var user = await Api.CreateUserAsync("ada");
        var kiosk = await Api.CreateResourceAsync("Lobby kiosk", "device");
        var other = await Api.CreateResourceAsync("Back door");
        var (created, key) = await CreateDeviceKeyAsync(kiosk);
        Assert.Equal(kiosk, created.GetProperty("resourceId").GetString());
        Assert.Equal("device", created.GetProperty("role").GetString());

        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        var entry = page.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "apiKey.created" && e.GetProperty("target").GetString() == created.GetProperty("id").GetString());
        Assert.Contains(kiosk, entry.GetRawText(), StringComparison.Ordinal);

        await RestartAsync();

        using var deviceHttp = Host.Client(key);
        var device = new LatchApi(deviceHttp);
        var (_, elsewhere) = await Api.IssueAsync(user, other);
        Assert.Equal("latch.device.not-your-resource", (await device.VerifyAsync(other, elsewhere)).Body.GetProperty("code").GetString());
        var (_, here) = await Api.IssueAsync(user, kiosk);
        Assert.Equal(200, (await device.VerifyAsync(kiosk, here)).Status);
    }

    [Fact]
    public async Task A_device_key_needs_a_known_resource_and_other_roles_take_none()
    {
        var door = await Api.CreateResourceAsync("Front door");

        var (missing, missingBody) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "kiosk", role = "device" });
        Assert.Equal(400, missing);
        Assert.Equal("latch.request.invalid", missingBody.GetProperty("code").GetString());
        Assert.True(missingBody.GetProperty("errors").TryGetProperty("resourceId", out _));

        var (unknown, unknownBody) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "kiosk", role = "device", resourceId = "res_00000000000000000000" });
        Assert.Equal(404, unknown);
        Assert.Equal("latch.resource.not-found", unknownBody.GetProperty("code").GetString());

        var (misshapen, _) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "kiosk", role = "device", resourceId = "nope" });
        Assert.Equal(404, misshapen);

        foreach (var role in new[] { "admin", "operator", "auditor", "app" })
        {
            var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = role, role, resourceId = door });
            Assert.Equal(400, status);
            Assert.Equal("latch.request.invalid", body.GetProperty("code").GetString());
            Assert.True(body.GetProperty("errors").TryGetProperty("resourceId", out _));
        }

        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.DoesNotContain(page.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "apiKey.created"
            && e.GetProperty("actor").GetString() != "system");
    }

    [Fact]
    public async Task A_device_key_from_before_bindings_is_refused_with_a_way_out()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (created, key) = await CreateDeviceKeyAsync(door);
        await UnbindAsync(created.GetProperty("id").GetString()!); // as a key created before migration 010 is stored

        using var deviceHttp = Host.Client(key);
        var (_, code) = await Api.IssueAsync(user, door);
        var (status, body) = await new LatchApi(deviceHttp).VerifyAsync(door, code);

        Assert.Equal(403, status);
        Assert.Equal("latch.device.unbound-key", body.GetProperty("code").GetString());
        Assert.Contains("resourceId", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
    }

    [Fact]
    public async Task A_bound_device_key_cannot_act_as_a_controller_of_its_door()
    {
        var door = await Api.CreateResourceAsync("Front door");
        var (_, key) = await CreateDeviceKeyAsync(door);
        using var deviceHttp = Host.Client(key);
        var device = new LatchApi(deviceHttp);

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/v1/doors/{door}/twin", null),
            (HttpMethod.Put, $"/v1/doors/{door}/twin/reported", new { firmware = "1", clock = DateTimeOffset.UnixEpoch, lockState = "locked" }),
            (HttpMethod.Post, $"/v1/doors/{door}/unlock", new { code = "123456789" }),
            (HttpMethod.Post, $"/v1/doors/{door}/events", new { events = Array.Empty<object>() }),
            (HttpMethod.Post, $"/v1/doors/{door}/controllers/dev_00000000000000000000/certificate", new { csr = "x" }),
        })
        {
            var (status, answer) = await device.SendAsync(method, path, body);
            Assert.True(status == 403 && answer.GetProperty("code").GetString() == "latch.door.notYourDoor", $"{method} {path} -> {status} {answer}");
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_binding()
    {
        var (status, openApi) = await Api.SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.Equal(200, status);
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        var field = schemas.GetProperty("CreateApiKeyRequest").GetProperty("properties").GetProperty("resourceId");
        Assert.Contains("device", field.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(schemas.GetProperty("ApiKeyCreated").GetProperty("properties").TryGetProperty("resourceId", out _));
        var create = openApi.GetProperty("paths").GetProperty("/v1/api-keys").GetProperty("post").GetProperty("responses");
        Assert.True(create.TryGetProperty("404", out _));
    }

    private async Task<(JsonElement Created, string Key)> CreateDeviceKeyAsync(string resourceId)
    {
        var (status, created) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "kiosk", role = "device", resourceId });
        Assert.True(status == 201, $"key creation answered {status}: {created}");
        return (created, created.GetProperty("key").GetString()!);
    }

    private async Task UnbindAsync(string keyId)
    {
        const string Sql = "UPDATE api_keys SET resource_pk = NULL WHERE id = @id";
        if (Store.Kind == "sqlite")
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.SqlitePath, Pooling = false }.ToString());
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = Sql;
            command.Parameters.AddWithValue("@id", keyId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            return;
        }

        await using var connection = new NpgsqlConnection(Store.PostgresConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(Sql, connection);
        update.Parameters.AddWithValue("id", keyId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}

public sealed class SqliteDeviceKeys() : DeviceKeySuite("sqlite");

public sealed class PostgresDeviceKeys() : DeviceKeySuite("postgres");
