using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// A real SMTP server for a test: Debian's aiosmtpd (system python) on a free loopback port, writing what it receives
/// to a maildir. It can be started late, stopped and started again on the same port (a mail server that is down).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public SmtpTestServer(string folder)
    {
        Directory.CreateDirectory(folder); // aiosmtpd creates the maildir itself, but not its parent
        Folder = folder;
        Maildir = Path.Combine(folder, "maildir");
        Port = FreePort();
    }

    public int Port { get; }
    public string Folder { get; }
    public string Maildir { get; }

    /// <summary>The settings that point Latch's email channel at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Smtp:Host"] = "127.0.0.1",
        ["Delivery:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Delivery:Smtp:From"] = "latch@example.test",
        ["Delivery:Smtp:Security"] = "none",
    };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (await GreetsAsync())
            {
                return;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"aiosmtpd did not come up on port {Port} (is python3-aiosmtpd installed? scripts/test.sh installs it).");
            }

            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far, raw (RFC 5322 text).</summary>
    public IReadOnlyList<string> Messages() =>
        [.. new[] { "new", "cur" }
            .Select(sub => Path.Combine(Maildir, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)];

    /// <summary>Waits, with a deadline, until at least <paramref name="count"/> messages have arrived.</summary>
    public Task<IReadOnlyList<MimeText>> WaitForMessagesAsync(int count, TimeSpan? deadline = null) =>
        Eventually.GetAsync(() =>
        {
            var messages = Messages();
            return messages.Count >= count ? (IReadOnlyList<MimeText>?)[.. messages.Select(MimeText.Parse)] : null;
        }, $"{count} message(s) at the SMTP server", deadline);

    private async Task<bool> GreetsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            using var reader = new StreamReader(client.GetStream());
            return (await reader.ReadLineAsync())?.StartsWith("220", StringComparison.Ordinal) == true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
