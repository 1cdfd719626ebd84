using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latch.Server.Tests.Hosting;

/// <summary>
/// A real SMTP server for a test: Debian's aiosmtpd (system python, driven by <c>smtp_test_server.py</c>) on a free
/// loopback port, writing what it receives to a maildir: plain, with STARTTLS or with implicit TLS (under
/// <see cref="Certificate"/>), and requiring AUTH when <see cref="User"/> is set. It can be started late, stopped and
/// started again on the same port (a mail server that is down).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public SmtpTestServer(string folder, string security = "none", string? user = null, string? password = null, bool onlyLogin = false)
    {
        OnlyLogin = onlyLogin;
        Security = security;
        User = user;
        Password = password;
        Directory.CreateDirectory(folder); // aiosmtpd creates the maildir itself, but not its parent
        Folder = folder;
        Maildir = Path.Combine(folder, "maildir");
        Port = FreePort();
        Certificate = security == "none" ? null : TestCertificate.Create(Path.Combine(folder, "tls"));
    }

    public int Port { get; }
    public string Security { get; }
    public string? User { get; }
    public string? Password { get; }

    /// <summary>Offer AUTH LOGIN only (not PLAIN).</summary>
    public bool OnlyLogin { get; }

    /// <summary>The server's self-signed certificate (PEM files), when it speaks TLS.</summary>
    public TestCertificate? Certificate { get; }
    public string Folder { get; }
    public string Maildir { get; }

    /// <summary>The settings that point Latch's email channel at this server, trusting its certificate and logging in as its user.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Smtp:Host"] = "127.0.0.1",
            ["Delivery:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:Smtp:From"] = "latch@example.test",
            ["Delivery:Smtp:Security"] = Security,
        };
        if (Certificate is not null)
        {
            settings["Delivery:Smtp:TrustedCertificate"] = Certificate.CertificatePath;
        }

        if (User is not null)
        {
            settings["Delivery:Smtp:User"] = User;
            settings["Delivery:Smtp:Password"] = Password;
        }

        return settings;
    }

    public async Task StartAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Hosting", "smtp_test_server.py");
        List<string> arguments = [script, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--maildir", Maildir, "--security", Security];
        if (Certificate is not null)
        {
            arguments.AddRange(["--cert", Certificate.CertificatePath, "--key", Certificate.KeyPath]);
        }

        if (User is not null)
        {
            arguments.AddRange(["--user", User, "--password", Password!]);
            if (OnlyLogin)
            {
                arguments.Add("--only-login");
            }
        }

        var start = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // The script says "ready" once aiosmtpd's controller has answered its own probe; it exits if it cannot listen.
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(20)));
        if (done != ready.Task)
        {
            throw new InvalidOperationException(
                $"aiosmtpd did not come up on port {Port} (is python3-aiosmtpd installed? scripts/test.sh installs it): {string.Join("\n", errors)}");
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
