using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.Cli.Tests;

/// <summary>A <c>latch serve</c> child process on a free loopback port, with everything it prints captured.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _printed = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static async Task<ServerProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        // A free port is free only when asked: another test may take it before the server binds it. Then try another.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(dataFolder, environment, extraArgs);
            }
            catch (PortTakenException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<ServerProcess> StartOnceAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment, string[] extraArgs)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "latch.dll"), "serve", "--data", dataFolder, "--urls", $"http://127.0.0.1:{port}", .. extraArgs])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("LATCH_BOOTSTRAP_ADMIN_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitForAsync("Application started", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException) when (server.Printed.Contains("address already in use", StringComparison.Ordinal))
        {
            throw new PortTakenException();
        }

        return server;
    }

    private sealed class PortTakenException : Exception;

    public string Printed
    {
        get
        {
            lock (_printed)
            {
                return _printed.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        lock (_printed)
        {
            _printed.AppendLine(line);
        }
    }

    private async Task WaitForAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Printed.Contains(marker, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The server did not start; it printed:\n" + Printed);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
