using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Doors;

/// <summary>Controllers: who may act for a door, what the twin holds, and how Latch judges a controller's sync.</summary>
public abstract class DoorControllerSuite(string store) : DoorTest(store)
{
    [Fact]
    public async Task The_twin_gives_the_secret_only_to_that_doors_controller_and_none_when_offline_mode_is_off()
    {
        var door = await DoorAsync();
        var (controllerId, controller) = await ControllerAsync(door);

        var twin = await TwinAsync(controller, door);
        Assert.Equal(door, twin.GetProperty("doorId").GetString());
        Assert.Equal(controllerId, twin.GetProperty("controllerId").GetString());
        Assert.Equal(JsonValueKind.Null, twin.GetProperty("offline").ValueKind);
        Assert.Equal(Host.Clock.GetUtcNow(), twin.GetProperty("serverTime").GetDateTimeOffset());
        var desired = twin.GetProperty("desired");
        Assert.False(desired.GetProperty("offlineMode").GetBoolean());
        Assert.Equal(9, desired.GetProperty("codeLength").GetInt32());
        Assert.Equal(120, desired.GetProperty("clockToleranceSeconds").GetInt32());
        Assert.Equal(5, desired.GetProperty("lockout").GetProperty("maxFailures").GetInt32());
        Assert.Equal(0, twin.GetProperty("revocations").GetArrayLength());

        var (status, config) = await Api.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config", new { offlineMode = true, codeLength = 10 });
        Assert.Equal(200, status);
        Assert.Equal(10, config.GetProperty("codeLength").GetInt32());
        twin = await TwinAsync(controller, door);
        var secret = SecretOf(twin);
        Assert.Equal(1, secret.Version);

        // The secret is in no admin answer and never in the audit log.
        var (_, listed) = await Api.SendAsync(HttpMethod.Get, "/v1/doors");
        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        var b64 = Convert.ToBase64String(secret.Reveal());
        Assert.DoesNotContain(b64, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(b64, audit.GetRawText(), StringComparison.Ordinal);

        var (rotated, version) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/offline-key/rotate");
        Assert.Equal(200, rotated);
        Assert.Equal(2, version.GetProperty("keyVersion").GetInt32());
        Assert.Equal(2, SecretOf(await TwinAsync(controller, door)).Version);
    }

    [Fact]
    public async Task A_controller_acting_for_another_door_gets_403_and_a_removed_one_gets_401()
    {
        var door = await DoorAsync("Front");
        var other = await DoorAsync("Back");
        var (controllerId, controller) = await ControllerAsync(door);

        var (status, problem) = await controller.SendAsync(HttpMethod.Get, $"/v1/doors/{other}/twin");
        Assert.Equal(403, status);
        Assert.Equal("latch.door.notYourDoor", Code(problem));
        Assert.Equal(403, (await controller.SendAsync(HttpMethod.Post, $"/v1/doors/{other}/unlock", new { code = "123456789" })).Status);
        Assert.Equal("latch.door.notYourDoor", Code((await controller.VerifyAsync(other, "123456")).Body));
        Assert.Equal("invalid", LatchApi.Reason((await controller.VerifyAsync(door, "123456")).Body));

        // Admin keys and device keys of no controller (even one bound to this door) cannot act as a controller.
        Assert.Equal("latch.auth.forbidden", Code((await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin")).Body));
        var (_, created) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "loose device", role = "device", resourceId = door });
        var loose = new LatchApi(Host.Client(created.GetProperty("key").GetString()));
        Assert.Equal("latch.door.notYourDoor", Code((await loose.SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin")).Body));

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/doors/{door}/controllers/{controllerId}")).Status);
        Assert.Equal(401, (await controller.SendAsync(HttpMethod.Get, $"/v1/doors/{door}/twin")).Status);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/doors/{door}/controllers/{controllerId}")).Status);
        Assert.Single(await AuditAsync("controller.removed"));
    }

    [Fact]
    public async Task A_controller_90_seconds_fast_is_out_of_sync_and_offline_after_three_silent_intervals()
    {
        var door = await DoorAsync();
        var (controllerId, controller) = await ControllerAsync(door);
        Assert.Equal("never", (await ControllerViewAsync(door, controllerId)).GetProperty("status").GetString());

        var (status, reported) = await controller.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/twin/reported",
            new { firmware = "1.2.0", clock = Host.Clock.GetUtcNow().AddSeconds(90), lockState = "locked" });
        Assert.Equal(200, status);
        Assert.Equal(90, reported.GetProperty("skewSeconds").GetInt64());
        Assert.Equal("outOfSync", reported.GetProperty("status").GetString());
        var view = await ControllerViewAsync(door, controllerId);
        Assert.Equal("outOfSync", view.GetProperty("status").GetString());
        Assert.Equal(90, view.GetProperty("skewSeconds").GetInt64());
        Assert.Equal("1.2.0", view.GetProperty("firmware").GetString());
        Assert.Equal("locked", view.GetProperty("lockState").GetString());

        (_, reported) = await controller.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/twin/reported",
            new { firmware = "1.2.0", clock = Host.Clock.GetUtcNow().AddSeconds(-3), lockState = "locked" });
        Assert.Equal("inSync", reported.GetProperty("status").GetString());
        var contact = Host.Clock.GetUtcNow();

        Host.Clock.Advance(TimeSpan.FromSeconds(181));
        view = await ControllerViewAsync(door, controllerId);
        Assert.Equal("offline", view.GetProperty("status").GetString());
        Assert.Equal(contact, view.GetProperty("offlineSince").GetDateTimeOffset());

        var syncs = await AuditAsync("door.sync");
        Assert.Equal(["outOfSync", "inSync"], syncs.Select(e => e.GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal(400, (await controller.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/twin/reported", new { firmware = "x", lockState = "ajar" })).Status);
    }

    [Fact]
    public async Task A_controller_may_enroll_itself_with_its_device_key_but_not_another_controller()
    {
        var door = await DoorAsync();
        var (firstId, first) = await ControllerAsync(door, "first");
        var (secondId, _) = await ControllerAsync(door, "second");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var (status, issued) = await first.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{firstId}/certificate", new { csr });
        Assert.Equal(201, status);
        var (denied, problem) = await first.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{secondId}/certificate", new { csr });
        Assert.Equal(403, denied);
        Assert.Equal("latch.door.notYourDoor", Code(problem));

        var (_, listed) = await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}");
        var view = listed.GetProperty("controllers").EnumerateArray().Single(c => c.GetProperty("id").GetString() == firstId);
        Assert.Equal(issued.GetProperty("notAfter").GetDateTimeOffset(), view.GetProperty("certificateNotAfter").GetDateTimeOffset());
        Assert.Equal(Host.Clock.GetUtcNow().AddDays(365), issued.GetProperty("notAfter").GetDateTimeOffset());
        Assert.Single(await AuditAsync("controller.certificateIssued"));
    }

    [Fact]
    public async Task Door_calls_refuse_bad_input_with_field_errors()
    {
        var door = await DoorAsync();
        var app = await Api.CreateResourceAsync("Wiki", "app");
        var (status, problem) = await Api.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config",
            new { codeLength = 7, syncIntervalSeconds = 1, lockout = new { maxFailures = 0 } });
        Assert.Equal(400, status);
        Assert.Equal(["codeLength", "lockout", "syncIntervalSeconds"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("latch.door.notADoor", Code((await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{app}/controllers", new { name = "x" })).Body));
        Assert.Equal("latch.door.not-found", Code((await Api.SendAsync(HttpMethod.Get, "/v1/doors/res_00000000000000000000")).Body));
        Assert.Equal(400, (await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { })).Status);
        var (controllerId, _) = await ControllerAsync(door);
        Assert.Equal("latch.door.badCsr", Code((await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{controllerId}/certificate", new { csr = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----" })).Body));
    }

    private async Task<JsonElement> ControllerViewAsync(string door, string controllerId)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}");
        Assert.Equal(200, status);
        return body.GetProperty("controllers").EnumerateArray().Single(c => c.GetProperty("id").GetString() == controllerId);
    }
}

public sealed class SqliteDoorControllers() : DoorControllerSuite("sqlite");

public sealed class PostgresDoorControllers() : DoorControllerSuite("postgres");
