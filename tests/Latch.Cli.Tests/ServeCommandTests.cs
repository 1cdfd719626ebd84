using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latch.Cli.Tests;

/// <summary><c>latch serve</c> refusing to start, as a real child process.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task An_address_in_use_ends_serve_with_a_clear_line_and_no_stack_trace()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("latch-serve-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "latch.dll"), "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment.Remove("LATCH_BOOTSTRAP_ADMIN_KEY");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            var printed = await error;
            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}; stderr:\n{printed}\nstdout:\n{await output}");
            Assert.Contains($"Latch cannot start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
