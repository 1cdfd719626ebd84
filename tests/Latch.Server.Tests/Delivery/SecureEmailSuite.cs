using System.Text.Json;
using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// The email channel over TLS against a real SMTP server (aiosmtpd with a test certificate): STARTTLS and implicit TLS,
/// AUTH, a wrong password, a certificate Latch does not trust, and a TLS server that comes up late.
/// </summary>
public abstract partial class SecureEmailSuite(string storeKind) : IAsyncDisposable
{
    private const string Password = "s3cret-Pa55word";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "latch-smtp", Guid.NewGuid().ToString("n"));
    private StoreSetup? _store;
    private LatchHost? _host;
    private SmtpTestServer? _smtp;
    private LatchApi _api = null!;

    [Fact]
    public async Task A_code_sent_with_starttls_and_a_login_reaches_the_inbox_and_opens_the_door()
    {
        var smtp = await StartAsync("starttls", user: "latch");

        var (door, delivery) = await IssueAsync();

        var code = CodeIn((await smtp.WaitForMessagesAsync(1)).Single());
        Assert.Equal(200, (await _api.VerifyAsync(door, code)).Status);
        Assert.Equal(1, (await _api.WaitForDeliveryAsync(_host!, delivery, "sent")).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_code_sent_with_implicit_tls_and_a_login_reaches_the_inbox_and_opens_the_door()
    {
        var smtp = await StartAsync("tls", user: "latch");

        var (door, delivery) = await IssueAsync();

        var mail = (await smtp.WaitForMessagesAsync(1)).Single();
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Contains("Ada Lovelace", mail.Header("to"), StringComparison.Ordinal);
        Assert.Contains("Front door", mail.Subject, StringComparison.Ordinal);
        var code = CodeIn(mail);
        Assert.Contains(code, mail.Part("text/html").Body, StringComparison.Ordinal);
        Assert.Equal(200, (await _api.VerifyAsync(door, code)).Status);
        await _api.WaitForDeliveryAsync(_host!, delivery, "sent");
    }

    [Fact]
    public async Task A_server_that_offers_only_auth_login_is_logged_in_with_it()
    {
        var smtp = await StartAsync("tls", user: "latch", onlyLogin: true);

        var (door, delivery) = await IssueAsync();

        var code = CodeIn((await smtp.WaitForMessagesAsync(1)).Single());
        Assert.Equal(200, (await _api.VerifyAsync(door, code)).Status);
        await _api.WaitForDeliveryAsync(_host!, delivery, "sent");
    }

    [Fact]
    public async Task A_wrong_password_fails_the_message_for_good_and_the_error_does_not_hold_it()
    {
        var smtp = await StartAsync("starttls", user: "latch", latchPassword: "not-the-" + Password);

        var (_, delivery) = await IssueAsync();

        var failed = await _api.WaitForDeliveryAsync(_host!, delivery, "failed");
        var error = failed.GetProperty("lastError").GetString()!;
        Assert.Contains("refused the login", error, StringComparison.Ordinal);
        Assert.Contains("535", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failed.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32()); // permanent: not retried
        Assert.DoesNotContain(_host!.Logs.Lines, line => line.Contains(Password, StringComparison.Ordinal));
        Assert.Empty(smtp.Messages());
    }

    [Fact]
    public async Task A_server_certificate_Latch_does_not_trust_fails_the_attempt_with_a_tls_reason()
    {
        var smtp = await StartAsync("tls", user: "latch", trust: false);

        var (_, delivery) = await IssueAsync();

        var attempt = await Eventually.GetAsync(async () => await _api.DeliveryAsync(delivery) is { } d && d.GetProperty("attempts").GetInt32() >= 1
            && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "a first, failed attempt");
        var error = ((JsonElement)attempt).GetProperty("lastError").GetString()!;
        Assert.Contains("TLS with the SMTP server", error, StringComparison.Ordinal);
        Assert.Contains("certificate", error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(smtp.Messages());
    }

    [Fact]
    public async Task A_starttls_setting_never_falls_back_to_plain_text()
    {
        var smtp = await StartAsync("none", latchSecurity: "starttls");

        var (_, delivery) = await IssueAsync();

        var failed = await _api.WaitForDeliveryAsync(_host!, delivery, "failed");
        Assert.Contains("does not offer STARTTLS", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(smtp.Messages());
    }

    [Fact]
    public async Task A_code_queued_while_the_tls_mail_server_is_down_is_delivered_once_it_is_up()
    {
        var smtp = await StartAsync("tls", user: "latch", running: false);

        var (door, delivery) = await IssueAsync();
        var first = await Eventually.GetAsync(async () => await _api.DeliveryAsync(delivery) is { } d && d.GetProperty("attempts").GetInt32() >= 1
            && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "a first, failed attempt");
        Assert.Contains("connection failed", ((JsonElement)first).GetProperty("lastError").GetString(), StringComparison.Ordinal);

        await smtp.StartAsync();
        _host!.Clock.Advance(TimeSpan.FromSeconds(6));
        var code = CodeIn((await smtp.WaitForMessagesAsync(1)).Single());
        Assert.Equal(200, (await _api.VerifyAsync(door, code)).Status);
        Assert.Equal(2, (await _api.WaitForDeliveryAsync(_host!, delivery, "sent")).GetProperty("attempts").GetInt32());
    }

    /// <summary>Starts the SMTP server (unless <paramref name="running"/> is false) and a Latch pointed at it.</summary>
    private async Task<SmtpTestServer> StartAsync(string security, string? user = null, string? latchPassword = null, bool trust = true,
        string? latchSecurity = null, bool running = true, bool onlyLogin = false)
    {
        _smtp = new SmtpTestServer(_folder, security, user, user is null ? null : Password, onlyLogin);
        if (running)
        {
            await _smtp.StartAsync();
        }

        var settings = _smtp.Settings();
        settings["Delivery:Queue:PollMilliseconds"] = "50";
        if (latchPassword is not null)
        {
            settings["Delivery:Smtp:Password"] = latchPassword;
        }

        if (!trust)
        {
            settings.Remove("Delivery:Smtp:TrustedCertificate");
        }

        if (latchSecurity is not null)
        {
            settings["Delivery:Smtp:Security"] = latchSecurity;
        }

        _store = await StoreSetup.CreateAsync(storeKind);
        _host = await LatchHost.StartAsync(_store, settings);
        _api = new LatchApi(_host.Client());
        return _smtp;
    }

    private async Task<(string Door, string Delivery)> IssueAsync()
    {
        var (status, user) = await _api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test" });
        Assert.Equal(201, status);
        var door = await _api.CreateResourceAsync("Front door");
        (status, var body) = await _api.SendAsync(HttpMethod.Post, "/v1/codes",
            new { userId = user.GetProperty("id").GetString(), resourceId = door, deliver = new { method = "email" } });
        Assert.True(status == 201, body.ToString());
        return (door, body.GetProperty("delivery").GetProperty("id").GetString()!);
    }

    private static string CodeIn(MimeText mail) => CodeLine().Match(mail.Part("text/plain").Body).Groups[1].Value;

    [GeneratedRegex(@"is:\s+(\S+)\s")]
    private static partial Regex CodeLine();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _api?.Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }
}

public sealed class SqliteSecureEmail() : SecureEmailSuite("sqlite");

public sealed class PostgresSecureEmail() : SecureEmailSuite("postgres");
