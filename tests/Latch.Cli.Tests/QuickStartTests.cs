using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>The README's quick start as a real process: <c>latch serve --demo</c> prints a key and the demo ids.</summary>
public sealed partial class QuickStartTests
{
    [Fact]
    public async Task Serve_with_demo_data_prints_an_admin_key_and_opens_the_demo_door_with_a_code()
    {
        var data = Path.Combine(Path.GetTempPath(), "latch-quickstart-" + Guid.NewGuid().ToString("n"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "latch.dll"), "serve", "--demo", "--data", data, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("LATCH_BOOTSTRAP_ADMIN_KEY");
        using var server = Process.Start(start)!;
        var printed = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var text = await WaitForAsync(printed, "Application started", TimeSpan.FromSeconds(60));
            var key = KeyLine().Match(text).Value;
            var door = DoorLine().Match(text).Groups[1].Value;
            var user = UserLine().Match(text).Groups[1].Value;
            Assert.NotEmpty(key);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var api = new LatchApi(http);
            var (_, code) = await api.IssueAsync(user, door);
            Assert.Equal(200, (await api.VerifyAsync(door, code)).Status);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> WaitForAsync(StringBuilder printed, string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (printed)
            {
                if (printed.ToString().Contains(marker, StringComparison.Ordinal))
                {
                    return printed.ToString();
                }
            }

            await Task.Delay(100);
        }

        lock (printed)
        {
            throw new TimeoutException("The server did not start; it printed:\n" + printed);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"latch_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"door 'Front door' = (res_[a-z0-9]+)")]
    private static partial Regex DoorLine();

    [GeneratedRegex(@"user 'alex' = (usr_[a-z0-9]+)")]
    private static partial Regex UserLine();
}
