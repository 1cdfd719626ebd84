using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Latch.Controller.State;
using Latch.Controller.Twin;
using Latch.Core.Offline;

namespace Latch.Cli.Tests;

/// <summary><c>latch door simulate</c> driven through standard input, with a synced state folder and Latch unreachable.</summary>
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

    [Fact]
    public async Task When_Latch_is_back_the_offline_log_is_uploaded_and_codes_go_online()
    {
        var twin = WriteSyncedState();
        var offlineCode = Code(slot: 0);
        await RunAsync(offlineCode + "\n", "--door", Door, "--state", _folder);
        await using var latch = await DoorsStandIn.StartAsync(twin, "lk_device");
        latch.Holders["246813579"] = "usr_ada";

        var (exit, lines, _) = await RunAsync("246813579\n" + offlineCode + "\nstatus\n", "--door", Door, "--state", _folder, "--server", latch.Url);

        Assert.Equal(0, exit);
        Assert.Equal("online skew 0.0 s, uploaded 1 events, 0 pending", lines[1]);
        Assert.Contains("OPEN usr_ada", lines);
        Assert.Contains("DENIED invalid", lines); // Latch no longer knows it either: the stand-in opened it offline only
        Assert.Contains("latch online, skew 0.0 s", lines);
        var uploaded = Assert.Single(latch.Events);
        Assert.Equal("offlineOpen", uploaded["kind"]!.GetValue<string>());
        Assert.Equal(1, uploaded["seq"]!.GetValue<long>());
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

    private static async Task<(int Exit, List<string> Lines, string Error)> RunAsync(string typed, params string[] args)
    {
        using var input = new StringReader(typed);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LatchCli.RunAsync(["door", "simulate", .. args], input, output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(), error.ToString());
    }

    /// <summary>A state folder as a sync would leave it: offline mode on, this door's secret, Latch's address (now closed).</summary>
    private DoorTwin WriteSyncedState()
    {
        var state = ControllerState.Load(_folder);
        var twin = new DoorTwin(Door, "dev_sim000000000000000", DateTimeOffset.UtcNow, DoorConfig.Default with { OfflineMode = true }, _secret, []);
        state.SaveCredential(new ControllerCredential(new Uri(_closed), Door, "dev_sim000000000000000", "lk_device"));
        state.SaveTwin(twin);
        return twin;
    }

    /// <summary>A code for the window holding the next minute, derived as Latch derives it at issuance.</summary>
    private string Code(int slot)
    {
        var now = DateTimeOffset.UtcNow;
        var window = OfflineWindows.Cover(now, now.AddMinutes(1))!.Value;
        return OfflineCodes.Derive(_secret, Door, new OfflineCodeRef(1, window, slot));
    }
}
