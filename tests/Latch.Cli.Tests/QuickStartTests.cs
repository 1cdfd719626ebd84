using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>The README's quick start as a real process: <c>latch serve --demo</c> prints a key and the demo ids.</summary>
public sealed partial class QuickStartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "latch-quickstart-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Serve_with_demo_data_prints_an_admin_key_and_opens_the_demo_door_with_a_code()
    {
        await using var server = await ServerProcess.StartAsync(_data, null, "--demo");
        var text = server.Printed;
        var key = KeyLine().Match(text).Value;
        var door = DoorLine().Match(text).Groups[1].Value;
        var user = UserLine().Match(text).Groups[1].Value;
        Assert.NotEmpty(key);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var api = new LatchApi(http);
        var (_, code) = await api.IssueAsync(user, door);
        Assert.Equal(200, (await api.VerifyAsync(door, code)).Status);
        Assert.DoesNotContain(code, server.Printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codes_acknowledged_before_a_kill_9_all_verify_once_after_restart()
    {
        var environment = new Dictionary<string, string> { ["LATCH_BOOTSTRAP_ADMIN_KEY"] = LatchHost.AdminKey };
        var issued = new List<string>();
        string door;
        await using (var server = await ServerProcess.StartAsync(_data, environment))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", LatchHost.AdminKey);
            var api = new LatchApi(http);
            var user = await api.CreateUserAsync("ada");
            door = await api.CreateResourceAsync("Front door");

            // Issue in parallel bursts right up to the kill: every 201 the server sent must survive it.
            var bursts = Enumerable.Range(0, 200).Select(async _ => (await api.IssueAsync(user, door, new { length = 8, ttlSeconds = 3600 })).Code);
            issued.AddRange(await Task.WhenAll(bursts));
            await server.KillAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(_data, environment))
        {
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", LatchHost.AdminKey);
            var api = new LatchApi(http);
            foreach (var code in issued)
            {
                Assert.Equal(200, (await api.VerifyAsync(door, code)).Status);
            }

            Assert.True((await api.AuditVerifyAsync()).GetProperty("valid").GetBoolean());
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [GeneratedRegex(@"latch_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"door 'Front door' = (res_[a-z0-9]+)")]
    private static partial Regex DoorLine();

    [GeneratedRegex(@"user 'alex' = (usr_[a-z0-9]+)")]
    private static partial Regex UserLine();
}
