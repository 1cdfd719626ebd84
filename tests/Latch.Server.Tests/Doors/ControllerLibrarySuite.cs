using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Latch.Controller;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Doors;

/// <summary>
/// The controller library (<see cref="HttpDoorTransport"/> and <see cref="DoorController"/>) against the real server:
/// the contract's paths and shapes, what Latch answers (twin, skew, denies, refusals, idempotent uploads), and mutual
/// TLS with a certificate from Latch's device CA. "Latch unreachable" is a closed loopback port, which is real too.
/// </summary>
public abstract class ControllerLibrarySuite(string store) : DoorTest(store)
{
    private const string WrongCode = "123456789";

    private readonly List<HttpDoorTransport> _transports = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "latch-controller-library", Guid.NewGuid().ToString("n"));

    protected override Dictionary<string, string?> Settings() => new() { ["Latch:Doors:MtlsUrl"] = "https://127.0.0.1:0" };

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _transports.ForEach(t => t.Dispose());
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_sync_keeps_the_twin_Latch_serves_and_Latch_records_the_reported_clock_and_state()
    {
        var door = await DoorAsync(offline: true);
        var (status, _) = await Api.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config", new
        {
            offlineMode = true,
            codeLength = 10,
            clockToleranceSeconds = 60,
            syncIntervalSeconds = 30,
            lockout = new { maxFailures = 3, baseSeconds = 10, maxSeconds = 600 },
        });
        Assert.Equal(200, status);
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/offline-key/rotate")).Status);
        var user = await Api.CreateUserAsync("tech");
        var (codeId, _) = await OfflineCodeAsync(user, door);
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/codes/{codeId}")).Status);
        var (controllerId, key) = await RegisterAsync(door);
        using var controller = Controller(door, controllerId, key, clockOffset: TimeSpan.FromSeconds(90));

        var first = await controller.SyncAsync();
        var firstAt = controller.Now;
        var afterFirst = Assert.Single((await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}")).Body.GetProperty("controllers").EnumerateArray().ToList());
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await controller.SyncAsync();

        Assert.True(first.Online, first.Problem);
        Assert.Equal(90, first.SkewSeconds);
        Assert.True(second.Online, second.Problem);
        var twin = controller.Twin!;
        Assert.Equal((door, controllerId), (twin.DoorId, twin.ControllerId));
        Assert.Equal((10, 60, 30, 3, 2), (twin.Desired.CodeLength, twin.Desired.ClockToleranceSeconds, twin.Desired.SyncIntervalSeconds, twin.Desired.Lockout.MaxFailures, twin.Secret!.Version));
        Assert.Equal(2, Assert.Single(twin.Revocations).KeyVersion);
        Assert.False(controller.IsSyncDue);
        Host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(controller.IsSyncDue);

        var listed = Assert.Single((await Api.SendAsync(HttpMethod.Get, $"/v1/doors/{door}")).Body.GetProperty("controllers").EnumerateArray().ToList());
        Assert.Equal("outOfSync", listed.GetProperty("status").GetString());
        Assert.Equal(90, listed.GetProperty("skewSeconds").GetDouble());
        Assert.Equal("locked", listed.GetProperty("lockState").GetString());
        Assert.Equal(2, listed.GetProperty("keyVersion").GetInt32());
        Assert.Equal(new DoorControllerOptions().Firmware, listed.GetProperty("firmware").GetString());

        // A report names the sync before it: the first had none, the second names the first.
        Assert.False(afterFirst.TryGetProperty("lastSyncAt", out var none) && none.ValueKind != JsonValueKind.Null, $"the first report named a sync: {afterFirst}");
        Assert.Equal(firstAt, listed.GetProperty("lastSyncAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_offline_log_is_uploaded_in_order_once_and_later_events_continue_the_sequence()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        var user = await Api.CreateUserAsync("tech");
        var (codeId, code) = await OfflineCodeAsync(user, door);
        var (_, other) = await OfflineCodeAsync(user, door);

        using (var offline = Controller(door, controllerId, key, reachable: false))
        {
            Assert.True(Assert.IsType<KeypadResult.Opened>(await offline.EnterCodeAsync(code)).Offline);
            Assert.Equal(DenyReasons.Consumed, Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(code)).Reason);
            Assert.Equal(DenyReasons.Invalid, Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(WrongCode)).Reason);
        }

        using (var online = Controller(door, controllerId, key))
        {
            var first = await online.SyncAsync();
            var again = await online.SyncAsync();
            Assert.Equal((3, 0), (first.Uploaded, first.Pending));
            Assert.Equal(0, again.Uploaded);
            Assert.Equal(3, online.UploadedThrough);
        }

        using (var offline = Controller(door, controllerId, key, reachable: false))
        {
            Assert.True(Assert.IsType<KeypadResult.Opened>(await offline.EnterCodeAsync(other)).Offline);
        }

        using (var online = Controller(door, controllerId, key))
        {
            Assert.Equal(1, (await online.SyncAsync()).Uploaded);
        }

        var events = await DoorEventsAsync();
        Assert.Equal(["door.offline.open", "door.offline.deny", "door.offline.deny", "door.offline.open"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()));
        Assert.Equal(codeId, events[0].GetProperty("data").GetProperty("codeId").GetString());
        Assert.Equal(user, events[0].GetProperty("data").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_reset_controller_numbers_its_events_after_what_Latch_already_holds()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        using (var offline = Controller(door, controllerId, key, reachable: false))
        {
            await offline.EnterCodeAsync(WrongCode);
            await offline.EnterCodeAsync(WrongCode);
        }

        using (var online = Controller(door, controllerId, key))
        {
            Assert.Equal(2, (await online.SyncAsync()).Uploaded);
        }

        // The folder is wiped (a new SD card): the journal starts again at 1.
        Directory.Delete(_folder, recursive: true);
        using (var fresh = Controller(door, controllerId, key))
        {
            Assert.True((await fresh.SyncAsync()).Online);
        }

        using (var offline = Controller(door, controllerId, key, reachable: false))
        {
            await offline.EnterCodeAsync(WrongCode);
        }

        using (var online = Controller(door, controllerId, key))
        {
            var result = await online.SyncAsync();
            Assert.Equal((1, 0), (result.Uploaded, result.Pending));
        }

        var events = await DoorEventsAsync();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task A_code_opened_online_cannot_open_again_offline()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        var user = await Api.CreateUserAsync("tech");
        var (_, code) = await OfflineCodeAsync(user, door);

        using (var online = Controller(door, controllerId, key))
        {
            var opened = Assert.IsType<KeypadResult.Opened>(await online.EnterCodeAsync(code));
            Assert.Equal(user, opened.Holder);
            Assert.False(opened.Offline);
        }

        using var offline = Controller(door, controllerId, key, reachable: false);
        var denied = Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(code));
        Assert.Equal(DenyReasons.Consumed, denied.Reason);
        Assert.True(denied.Offline);
    }

    [Fact]
    public async Task Turning_offline_mode_off_at_a_sync_stops_offline_opens()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        var user = await Api.CreateUserAsync("tech");
        var (_, code) = await OfflineCodeAsync(user, door);
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config", new { offlineMode = false })).Status);

        using (var online = Controller(door, controllerId, key))
        {
            Assert.True((await online.SyncAsync()).Online);
            Assert.Null(online.Twin!.Secret);
        }

        using var offline = Controller(door, controllerId, key, reachable: false);
        Assert.Equal(DenyReasons.Offline, Assert.IsType<KeypadResult.Denied>(await offline.EnterCodeAsync(code)).Reason);
    }

    [Fact]
    public async Task Used_codes_are_forgotten_at_the_first_sync_after_their_window_ended()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        var (_, code) = await OfflineCodeAsync(await Api.CreateUserAsync("tech"), door);
        using (var offline = Controller(door, controllerId, key, reachable: false))
        {
            Assert.IsType<KeypadResult.Opened>(await offline.EnterCodeAsync(code));
        }

        Assert.Single(ControllerState.Load(_folder).Journal.Used);
        Host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5)); // past any window a 30-minute visit gets
        using (var online = Controller(door, controllerId, key))
        {
            Assert.True((await online.SyncAsync()).Online);
        }

        Assert.Empty(ControllerState.Load(_folder).Journal.Used);
    }

    [Fact]
    public async Task Online_denials_count_toward_the_lockout_and_a_locked_keypad_does_not_ask_Latch()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        using var controller = Controller(door, controllerId, key);
        for (var i = 0; i < 4; i++)
        {
            Assert.False(Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(WrongCode)).Offline);
        }

        var fifth = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(WrongCode));
        var sixth = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(WrongCode));

        Assert.Equal(TimeSpan.FromSeconds(30), fifth.LockedFor);
        Assert.Equal(DenyReasons.Locked, sixth.Reason);
        Assert.Equal(5, (await DoorEventsAsync()).Count(e => e.GetProperty("action").GetString() == "door.deny"));
    }

    [Fact]
    public async Task Latchs_denies_are_answers_and_its_refusals_of_the_controller_are_refusals()
    {
        var door = await DoorAsync();
        var other = await DoorAsync("Roof");
        var (controllerId, key) = await RegisterAsync(door);
        var (_, otherKey) = await RegisterAsync(other);
        var user = await Api.CreateUserAsync("night-shift");
        var (_, code) = await Api.IssueAsync(user, door);
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/policies?force=true", new
        {
            name = "No keypad for night shift",
            state = "enabled",
            users = new { include = new[] { user } },
            resources = new { include = new[] { door } },
            conditions = new { clientApps = new[] { "keypad" } },
            grant = new { block = true },
        })).Status);
        var transport = Transport(door, controllerId, key);
        var foreign = Transport(door, null, otherKey);

        var invalid = await transport.UnlockAsync(WrongCode);
        var blocked = await transport.UnlockAsync(code);
        var notYours = await foreign.UnlockAsync(code);

        Assert.Equal(new UnlockAnswer(false, Reason: "invalid"), Assert.IsType<Reply<UnlockAnswer>.Answered>(invalid).Value);
        Assert.Equal(new UnlockAnswer(false, Reason: "policy", Policy: "No keypad for night shift"), Assert.IsType<Reply<UnlockAnswer>.Answered>(blocked).Value);
        Assert.Equal((403, "latch.door.notYourDoor"), Refusal(notYours));

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/doors/{door}/controllers/{controllerId}")).Status);
        Assert.Equal(401, Assert.IsType<Reply<UnlockAnswer>.Refused>(await transport.UnlockAsync(code)).Status);
    }

    [Fact]
    public async Task A_controller_Latch_refuses_denies_codes_without_falling_back_to_offline()
    {
        var (door, controllerId, key) = await SyncedControllerAsync();
        var (_, code) = await OfflineCodeAsync(await Api.CreateUserAsync("tech"), door);
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/doors/{door}/controllers/{controllerId}")).Status);

        // The controller still holds a twin that could open the code offline; a removed controller must not.
        using var controller = Controller(door, controllerId, key);
        var denied = Assert.IsType<KeypadResult.Denied>(await controller.EnterCodeAsync(code));

        Assert.Equal(DenyReasons.Refused, denied.Reason);
        Assert.False(denied.Offline);
        Assert.Empty(controller.PendingEvents);
        Assert.Equal(0, controller.Keypad.Failures);
        Assert.Equal(SyncStatus.Refused, (await controller.SyncAsync()).Status);
    }

    [Fact]
    public async Task Over_mutual_TLS_the_enrolled_certificate_gets_the_twin_and_only_the_enrollment_CA_is_trusted()
    {
        var door = await DoorAsync(offline: true);
        var (controllerId, _) = await RegisterAsync(door);
        var credential = await EnrollAsync(door, controllerId);

        using (var transport = new HttpDoorTransport(credential))
        {
            var twin = Assert.IsType<Reply<Latch.Controller.Twin.DoorTwin>.Answered>(await transport.GetTwinAsync()).Value;
            Assert.Equal((door, controllerId, 1), (twin.DoorId, twin.ControllerId, twin.Secret!.Version));
        }

        // A server whose certificate does not chain to the CA from enrollment is no better than none.
        using (var transport = new HttpDoorTransport(credential with { CaPath = OtherCa() }))
        {
            Assert.IsType<Reply<Latch.Controller.Twin.DoorTwin>.Unreachable>(await transport.GetTwinAsync());
        }

        // Without its certificate the listener does not even finish the handshake.
        using (var transport = new HttpDoorTransport(credential with { CertificatePath = null, CertificateKeyPath = null }))
        {
            Assert.IsNotType<Reply<Latch.Controller.Twin.DoorTwin>.Answered>(await transport.GetTwinAsync());
        }
    }

    private async Task<(string Door, string ControllerId, string Key)> SyncedControllerAsync()
    {
        var door = await DoorAsync(offline: true);
        var (controllerId, key) = await RegisterAsync(door);
        using var controller = Controller(door, controllerId, key);
        var sync = await controller.SyncAsync();
        Assert.True(sync.Online, sync.Problem);
        return (door, controllerId, key);
    }

    private async Task<(string Id, string Key)> RegisterAsync(string door)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { name = "keypad" });
        Assert.True(status == 201, $"controller answered {status}: {body}");
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>A code with a 30-minute window from now: at a door in offline mode, one its controller can derive.</summary>
    private async Task<(string Id, string Code)> OfflineCodeAsync(string user, string door)
    {
        var notBefore = Host.Clock.GetUtcNow();
        var (status, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, notBefore, notAfter = notBefore.AddMinutes(30) });
        Assert.True(status == 201 && issued.TryGetProperty("offline", out _), $"issuance answered {status}: {issued}");
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("code").GetString()!);
    }

    /// <summary>A controller over this test's state folder, on Latch's clock; <paramref name="reachable"/> false points it at a closed port.</summary>
    private DoorController Controller(string door, string controllerId, string key, bool reachable = true, TimeSpan? clockOffset = null)
    {
        var state = ControllerState.Load(_folder);
        var transport = reachable ? Transport(door, controllerId, key) : Owned(new HttpDoorTransport(new ControllerCredential(ClosedPort(), door, controllerId, key), timeout: TimeSpan.FromSeconds(2)));
        return new DoorController(state, transport, Host.Clock, new DoorControllerOptions { ClockOffset = clockOffset ?? TimeSpan.Zero });
    }

    private HttpDoorTransport Transport(string door, string? controllerId, string key) =>
        Owned(new HttpDoorTransport(new ControllerCredential(Host.BaseAddress, door, controllerId, key), timeout: TimeSpan.FromSeconds(5)));

    /// <summary>Transports live until the test ends (a <see cref="DoorController"/> does not dispose the one it is given).</summary>
    private HttpDoorTransport Owned(HttpDoorTransport transport)
    {
        _transports.Add(transport);
        return transport;
    }

    private static (int Status, string? Code) Refusal<T>(Reply<T> reply)
    {
        var refused = Assert.IsType<Reply<T>.Refused>(reply);
        return (refused.Status, refused.Code);
    }

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }

    /// <summary>Enrolls a key pair made here and writes the files <c>latch door enroll</c> writes; the credential points at the mTLS listener.</summary>
    private async Task<ControllerCredential> EnrollAsync(string door, string controllerId)
    {
        Directory.CreateDirectory(_folder);
        using var pair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=" + controllerId, pair, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var (status, issued) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{controllerId}/certificate", new { csr });
        Assert.True(status == 201, $"certificate answered {status}: {issued}");
        var keyPath = Path.Combine(_folder, "controller-key.pem");
        var certificatePath = Path.Combine(_folder, "controller.pem");
        var caPath = Path.Combine(_folder, "ca.pem");
        await File.WriteAllTextAsync(keyPath, pair.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(certificatePath, issued.GetProperty("certificate").GetString());
        await File.WriteAllTextAsync(caPath, issued.GetProperty("caCertificate").GetString());
        var mtls = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https", StringComparison.Ordinal));
        return new ControllerCredential(new Uri(mtls), door, controllerId, CertificatePath: certificatePath, CertificateKeyPath: keyPath, CaPath: caPath);
    }

    /// <summary>A CA Latch never heard of, as a PEM file.</summary>
    private string OtherCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Some other CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "other-ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }
}

public sealed class SqliteControllerLibrary() : ControllerLibrarySuite("sqlite");

public sealed class PostgresControllerLibrary() : ControllerLibrarySuite("postgres");
