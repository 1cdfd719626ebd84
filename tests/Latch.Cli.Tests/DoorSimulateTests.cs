using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Latch.Controller.State;
using Latch.Controller.Twin;
using Latch.Core.Offline;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>
/// <c>latch door simulate</c> driven through standard input: with a synced state folder and Latch unreachable (a closed
/// port), and the whole door story against a real <c>latch serve</c> process over mutual TLS.
/// </summary>
public sealed class DoorSimulateTests : IDisposable
{
    private const string Door = "res_front0000000000000";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "latch-simulate-" + Guid.NewGuid().ToString("n"));
    private readonly DoorSecret _secret = DoorSecret.Generate(1, RandomNumberGenerator.Create());
    private readonly string _closed = $"http://127.0.0.1:{ClosedPort()}";

    [Fact]
    public async Task Typed_codes_open_offline_once_and_wrong_ones_are_denied_until_quit()
    {
        WriteSyncedState();
        var code = Code(slot: 0);

        var (exit, lines, _) = await RunAsync($"{code}\n{code}\n000000000\n12\nstatus\nquit\nnever read\n", "--door", Door, "--state", _folder, "--server", _closed);

        Assert.Equal(0, exit);
        Assert.Contains(lines, l => l.StartsWith("offline: Latch unreachable", StringComparison.Ordinal));
        var answers = lines.Where(l => l.StartsWith("OPEN", StringComparison.Ordinal) || l.StartsWith("DENIED", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, answers.Count);
        Assert.Matches(@"^OPEN v1/.+/s0 offline$", answers[0]);
        Assert.Equal("DENIED consumed offline", answers[1]);
        Assert.Equal("DENIED invalid offline", answers[2]);
        Assert.Equal("DENIED invalid offline", answers[3]);
        Assert.Contains("events 4 pending, uploaded through 0", lines);
        Assert.Contains("offline mode on: key version 1, 9 digits, tolerance 120 s, 0 revoked", lines);
    }

    [Fact]
    public async Task The_end_of_input_exits_cleanly_and_the_state_keeps_what_happened()
    {
        WriteSyncedState();

        var (exit, _, _) = await RunAsync(Code(slot: 5) + "\n", "--door", Door, "--state", _folder);
        var (_, lines, _) = await RunAsync(Code(slot: 5) + "\nsync\n", "--door", Door, "--state", _folder);

        Assert.Equal(0, exit);
        Assert.Contains("DENIED consumed offline", lines);
        Assert.Contains(lines, l => l.StartsWith("offline: Latch unreachable", StringComparison.Ordinal) && l.EndsWith("2 events pending", StringComparison.Ordinal));
    }

    /// <summary>
    /// The issue's story in a terminal, against a real <c>latch serve</c> process: an admin makes an offline door and a
    /// user, <c>latch door enroll</c> registers a controller, <c>latch door simulate</c> runs it over mutual TLS with the
    /// enrolled certificate, Latch is killed and the keypad goes on alone, Latch comes back and the audit log has it all.
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_door_enrolled_in_a_terminal_opens_online_then_offline_while_Latch_is_down_and_Latch_audits_it_after_restart(string store)
    {
        await using var setup = await StoreSetup.CreateAsync(store);
        var mtls = DoorServer.MtlsUrl();
        var server = await DoorServer.StartAsync(setup, mtls);
        try
        {
            // The admin: a door with offline mode on, and a user.
            var admin = DoorServer.Admin(server);
            var door = await DoorServer.OfflineDoorAsync(admin, "Front door");
            var ada = await admin.CreateUserAsync("ada");

            // The controller is enrolled from a terminal over the ordinary API.
            var state = Path.Combine(setup.DataFolder, "front-keypad");
            using (var enrollOutput = new StringWriter())
            using (var enrollError = new StringWriter())
            {
                var enrolled = await LatchCli.RunAsync(["door", "enroll", "--door", door, "--out", state, "--server", server.BaseAddress.ToString(), "--key", LatchHost.AdminKey], enrollOutput, enrollError);
                Assert.True(enrolled == 0, enrollError.ToString());
            }

            // Two codes for a window around now: the door is in offline mode, so its controller can derive them.
            var (firstId, first) = await OfflineCodeAsync(admin, ada, door);
            var (secondId, second) = await OfflineCodeAsync(admin, ada, door);

            // The simulator with the enrolled certificate alone (no device key) on the mTLS listener.
            await using var terminal = new Terminal();
            var simulate = terminal.Start("door", "simulate", "--door", door, "--state", state, "--server", mtls,
                "--cert", Path.Combine(state, "controller.pem"), "--cert-key", Path.Combine(state, "controller-key.pem"));
            Assert.Matches(@"^online skew [+-]?\d+\.\d s, uploaded 0 events, 0 pending$", await terminal.WaitForAsync(l => l.StartsWith("online", StringComparison.Ordinal) || l.StartsWith("offline", StringComparison.Ordinal) || l.StartsWith("refused", StringComparison.Ordinal), "about the first sync"));
            await terminal.WaitForAsync(l => l.StartsWith("ready", StringComparison.Ordinal), "ready");
            Assert.Null(ControllerState.Load(state).Credential!.DeviceKey);

            await terminal.TypeAsync(first);
            Assert.Equal("OPEN " + ada, await terminal.AnswerAsync());

            // Latch dies (SIGKILL); the keypad decides alone.
            await server.KillAsync();
            await terminal.TypeAsync(second);
            Assert.Matches(@"^OPEN v1/\S+/s1 offline$", await terminal.AnswerAsync());
            await terminal.TypeAsync(second);
            Assert.Equal("DENIED consumed offline", await terminal.AnswerAsync());
            await terminal.TypeAsync(WrongCode(first, second));
            Assert.Equal("DENIED invalid offline", await terminal.AnswerAsync());

            // Latch comes back on the same data folder (same mTLS address, a new server certificate from the same CA).
            await server.DisposeAsync();
            server = await DoorServer.StartAsync(setup, mtls);
            admin = DoorServer.Admin(server);
            await terminal.TypeAsync("sync");
            Assert.Matches(@"^online skew [+-]?\d+\.\d s, uploaded \d events, 0 pending$", await terminal.WaitForAsync(l => l.StartsWith("online", StringComparison.Ordinal) || l.StartsWith("refused", StringComparison.Ordinal), "about the sync after restart"));

            // The offline open reached Latch: the code is used up online too.
            await terminal.TypeAsync(second);
            Assert.Equal("DENIED consumed", await terminal.AnswerAsync());
            await terminal.TypeAsync("status");
            Assert.StartsWith("latch online", await terminal.WaitForAsync(l => l.StartsWith("latch ", StringComparison.Ordinal), "with the status"), StringComparison.Ordinal);
            Assert.Equal("events 0 pending, uploaded through 3", await terminal.WaitForAsync(l => l.StartsWith("events", StringComparison.Ordinal), "with the events"));
            await terminal.TypeAsync("quit");
            Assert.Equal(0, await simulate.WaitAsync(Terminal.Deadline));

            var events = await DoorEventsAsync(admin);
            Assert.Equal(
                ["door.open", "door.offline.open", "door.offline.deny", "door.offline.deny", "door.deny"],
                events.Select(e => e.GetProperty("action").GetString()));
            Assert.All(events, e => Assert.Equal(door, e.GetProperty("data").GetProperty("doorId").GetString()));
            Assert.Equal([ada, ada, ada, null, ada], events.Select(e => Data(e, "userId")));
            Assert.Equal([firstId, secondId, secondId, null, secondId], events.Select(e => Data(e, "codeId")));
            Assert.Equal([null, null, "consumed", "invalid", "consumed"], events.Select(e => Data(e, "reason")));
            Assert.DoesNotContain(first, server.Printed, StringComparison.Ordinal);
            Assert.DoesNotContain(second, server.Printed, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_a_credential_the_simulator_says_what_to_pass()
    {
        var (exit, _, error) = await RunAsync("quit\n", "--door", Door, "--state", _folder, "--server", _closed);

        Assert.Equal(1, exit);
        Assert.Contains("no credential", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_certificate_files_are_reported_not_thrown()
    {
        var (exit, _, error) = await RunAsync("quit\n", "--door", Door, "--state", _folder, "--server", _closed, "--cert", "/nonexistent/c.pem", "--cert-key", "/nonexistent/k.pem");

        Assert.Equal(1, exit);
        Assert.Contains("cannot load the certificate files", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A code issued through POST /v1/codes with a window around now, which Latch answers with an offline window.</summary>
    private static async Task<(string Id, string Code)> OfflineCodeAsync(LatchApi admin, string user, string door)
    {
        var now = DateTimeOffset.UtcNow;
        var (status, issued) = await admin.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, notBefore = now.AddMinutes(-1), notAfter = now.AddMinutes(30) });
        Assert.True(status == 201, $"issuance answered {status}: {issued}");
        Assert.True(issued.TryGetProperty("offline", out _), $"not an offline code: {issued}");
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("code").GetString()!);
    }

    /// <summary>Nine digits that are neither code (and, like any guess, almost surely no other code of the door).</summary>
    private static string WrongCode(params string[] codes) =>
        Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 9)).First(c => !codes.Contains(c));

    /// <summary>The door events (opens, denies, lockouts) in Latch's audit log, oldest first.</summary>
    private static async Task<List<JsonElement>> DoorEventsAsync(LatchApi admin)
    {
        var (status, page) = await admin.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.Equal(200, status);
        string[] events = ["door.open", "door.deny", "door.offline.open", "door.offline.deny", "door.lockout"];
        return [.. page.GetProperty("entries").EnumerateArray().Where(e => events.Contains(e.GetProperty("action").GetString()))];
    }

    private static string? Data(JsonElement entry, string name) =>
        entry.GetProperty("data").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<(int Exit, List<string> Lines, string Error)> RunAsync(string typed, params string[] args)
    {
        using var input = new StringReader(typed);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LatchCli.RunAsync(["door", "simulate", .. args], input, output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(), error.ToString());
    }

    /// <summary>A state folder as a sync would leave it: offline mode on, this door's secret, Latch's address (now closed).</summary>
    private void WriteSyncedState()
    {
        var state = ControllerState.Load(_folder);
        var twin = new DoorTwin(Door, "dev_sim000000000000000", DateTimeOffset.UtcNow, DoorConfig.Default with { OfflineMode = true }, _secret, []);
        state.SaveCredential(new ControllerCredential(new Uri(_closed), Door, "dev_sim000000000000000", "lk_device"));
        state.SaveTwin(twin);
    }

    /// <summary>A code for the window holding the next minute, derived as Latch derives it at issuance.</summary>
    private string Code(int slot)
    {
        var now = DateTimeOffset.UtcNow;
        var window = OfflineWindows.Cover(now, now.AddMinutes(1))!.Value;
        return OfflineCodes.Derive(_secret, Door, new OfflineCodeRef(1, window, slot));
    }
}
