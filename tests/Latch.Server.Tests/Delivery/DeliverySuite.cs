using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// The delivery queue end to end (SPEC "Delivery"): codes go out by email to a real SMTP server (aiosmtpd), through
/// outages and restarts, on schedule, and the plain code leaves the store once sent.
/// </summary>
public abstract partial class DeliverySuite(string store) : StoreTest(store)
{
    private SmtpTestServer? _smtp;

    protected SmtpTestServer Smtp => _smtp ??= new SmtpTestServer(Path.Combine(Path.GetTempPath(), "latch-smtp", Guid.NewGuid().ToString("n")));

    protected override Dictionary<string, string?> Settings()
    {
        var settings = Smtp.Settings();
        settings["Delivery:Queue:PollMilliseconds"] = "50";
        return settings;
    }

    [Fact]
    public async Task An_emailed_code_reaches_the_inbox_in_text_and_html_and_opens_the_door_once()
    {
        await Smtp.StartAsync();
        var (user, door) = await SetUpAsync("ada@example.test");

        var (status, body) = await IssueAsync(user, door, new { method = "email" });
        Assert.Equal(201, status);
        Assert.False(body.TryGetProperty("code", out _));
        var delivery = body.GetProperty("delivery");
        Assert.Equal("email", delivery.GetProperty("method").GetString());
        Assert.Equal("queued", delivery.GetProperty("state").GetString());

        var mail = (await Smtp.WaitForMessagesAsync(1)).Single();
        Assert.Contains("ada@example.test", mail.Header("to"), StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", mail.ContentType);
        var notAfter = body.GetProperty("notAfter").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var part in new[] { mail.Part("text/plain"), mail.Part("text/html") })
        {
            Assert.Contains("Front door", part.Body, StringComparison.Ordinal); // what it opens
            Assert.Contains(notAfter, part.Body, StringComparison.Ordinal);     // until when, ISO 8601 UTC
        }

        var code = CodeIn(mail);
        Assert.Contains(code, mail.Part("text/html").Body, StringComparison.Ordinal);
        Assert.DoesNotContain(code, mail.Subject, StringComparison.Ordinal);
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        Assert.Equal("consumed", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));

        var sent = await Api.WaitForDeliveryAsync(Host, delivery.GetProperty("id").GetString()!, "sent");
        Assert.Equal(1, sent.GetProperty("attempts").GetInt32());
        Assert.Equal("sent", sent.GetProperty("attemptLog")[0].GetProperty("outcome").GetString());
        Assert.DoesNotContain(code, sent.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal));
        var audit = (await Api.SendAsync(HttpMethod.Get, "/v1/audit")).Body.ToString();
        Assert.Contains("code.delivered", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(code, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_queued_while_the_mail_server_is_down_is_delivered_once_it_is_back()
    {
        var (user, door) = await SetUpAsync("ada@example.test");
        var (_, body) = await IssueAsync(user, door, new { method = "email" });
        var id = body.GetProperty("delivery").GetProperty("id").GetString()!;

        var failed = await Eventually.GetAsync(async () => await Api.DeliveryAsync(id) is { } d && d.GetProperty("attempts").GetInt32() >= 1
            && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "a first, failed attempt");
        var view = (JsonElement)failed;
        Assert.Contains("connection failed", view.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("retry", view.GetProperty("attemptLog")[0].GetProperty("outcome").GetString());
        Assert.Equal(Host.Clock.GetUtcNow().AddSeconds(5), view.GetProperty("nextAttemptAt").GetDateTimeOffset()); // first backoff step

        await Smtp.StartAsync();
        Host.Clock.Advance(TimeSpan.FromSeconds(6));
        var code = CodeIn((await Smtp.WaitForMessagesAsync(1)).Single());
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        var sent = await Api.WaitForDeliveryAsync(Host, id, "sent");
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Messages_queued_when_Latch_stops_are_all_delivered_after_it_restarts()
    {
        var (user, door) = await SetUpAsync("ada@example.test");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await IssueAsync(user, door, new { method = "email" })).Body.GetProperty("delivery").GetProperty("id").GetString()!);
        }

        await Eventually.GetAsync(async () => (await Task.WhenAll(ids.Select(Api.DeliveryAsync))).All(d => d!.Value.GetProperty("attemptLog").GetArrayLength() >= 1) ? ids : null,
            "a failed attempt on every message");
        await RestartAsync();
        await Smtp.StartAsync();
        Host.Clock.Advance(TimeSpan.FromSeconds(6));

        var codes = (await Smtp.WaitForMessagesAsync(3)).Select(CodeIn).ToList();
        Assert.Equal(3, codes.Distinct().Count());
        foreach (var code in codes)
        {
            Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        }
    }

    [Fact]
    public async Task The_plain_code_is_only_sealed_in_the_store_before_sending_and_gone_after()
    {
        await Smtp.StartAsync();
        var (user, door) = await SetUpAsync("ada@example.test");
        var at = Host.Clock.GetUtcNow().AddMinutes(10);
        var (_, body) = await IssueAsync(user, door, new { method = "email", at }, new { ttlSeconds = 3600, length = 8 });
        var id = body.GetProperty("delivery").GetProperty("id").GetString()!;
        var before = await RawStore.DumpAsync(Store);
        Assert.True(await RawStore.HasSealedPayloadAsync(Store, id));

        Host.Clock.Advance(TimeSpan.FromMinutes(11));
        var code = CodeIn((await Smtp.WaitForMessagesAsync(1)).Single());
        await Api.WaitForDeliveryAsync(Host, id, "sent");
        var after = await RawStore.DumpAsync(Store);

        Assert.Contains(id, before, StringComparison.Ordinal); // the scan does see the queue
        Assert.DoesNotContain(code, before, StringComparison.Ordinal);
        Assert.DoesNotContain(code, after, StringComparison.Ordinal);
        Assert.False(await RawStore.HasSealedPayloadAsync(Store, id));
    }

    [Fact]
    public async Task A_scheduled_message_is_not_sent_before_its_time_and_is_sent_after_it()
    {
        await Smtp.StartAsync();
        var (user, door) = await SetUpAsync("ada@example.test");
        var at = Host.Clock.GetUtcNow().AddMinutes(30);
        var (status, body) = await IssueAsync(user, door, new { method = "email", at }, new { ttlSeconds = 7200 });
        Assert.Equal(201, status);
        var id = body.GetProperty("delivery").GetProperty("id").GetString()!;
        Assert.Equal(at, body.GetProperty("delivery").GetProperty("deliverAt").GetDateTimeOffset());

        // One second early: a message sent now proves the dispatcher ran a round at that time and held the scheduled one back.
        Host.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        var (_, probe) = await IssueAsync(user, door, new { method = "outbox" });
        await OutboxFile.WaitForCodeAsync(Store.DataFolder, probe.GetProperty("id").GetString()!);
        var early = await Api.DeliveryAsync(id);
        Assert.Equal("queued", early!.Value.GetProperty("state").GetString());
        Assert.Equal(0, early.Value.GetProperty("attempts").GetInt32());
        Assert.Empty(Smtp.Messages());

        Host.Clock.Advance(TimeSpan.FromSeconds(2));
        var code = CodeIn((await Smtp.WaitForMessagesAsync(1)).Single());
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
    }

    [Fact]
    public async Task A_message_sealed_under_a_key_this_node_lacks_is_retried_and_an_altered_one_fails()
    {
        var (user, door) = await SetUpAsync("ada@example.test");
        var at = Host.Clock.GetUtcNow().AddMinutes(30);
        var (_, newer) = await IssueAsync(user, door, new { method = "outbox", at }, new { ttlSeconds = 7200 });
        var (_, altered) = await IssueAsync(user, door, new { method = "outbox", at }, new { ttlSeconds = 7200 });
        var newerId = newer.GetProperty("delivery").GetProperty("id").GetString()!;
        var alteredId = altered.GetProperty("delivery").GetProperty("id").GetString()!;

        // As if another node with a rotated ring had sealed the first; the second's sealed code is tampered with.
        await RawStore.ExecuteAsync(Store, "UPDATE deliveries SET key_id = 99 WHERE id = @id", newerId);
        await RawStore.ExecuteAsync(Store, "UPDATE deliveries SET payload_tag = nonce WHERE id = @id", alteredId);
        Host.Clock.Advance(TimeSpan.FromMinutes(31));

        var retried = await Eventually.GetAsync(async () => await Api.DeliveryAsync(newerId) is { } d && d.GetProperty("attempts").GetInt32() == 1
            && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "the first retried");
        Assert.Contains("lacks key 99", ((JsonElement)retried).GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var failed = await Eventually.GetAsync(async () => await Api.DeliveryAsync(alteredId) is { } d
            && d.GetProperty("state").GetString() == "failed" ? (object)d : null, "the second failed");
        Assert.Contains("altered", ((JsonElement)failed).GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_code_s_message_is_cancelled_and_an_expired_one_ends_expired()
    {
        var (user, door) = await SetUpAsync("ada@example.test");
        var (_, scheduled) = await IssueAsync(user, door, new { method = "email", at = Host.Clock.GetUtcNow().AddMinutes(5) }, new { ttlSeconds = 3600 });
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/codes/{scheduled.GetProperty("id").GetString()}")).Status);
        var cancelled = await Api.DeliveryAsync(scheduled.GetProperty("delivery").GetProperty("id").GetString()!);
        Assert.Equal("cancelled", cancelled!.Value.GetProperty("state").GetString());

        // The mail server stays down; the code lives 20 s: once it has expired, the message ends instead of retrying.
        var (_, doomed) = await IssueAsync(user, door, new { method = "email" }, new { ttlSeconds = 20 });
        var id = doomed.GetProperty("delivery").GetProperty("id").GetString()!;
        await Eventually.GetAsync(async () => (await Api.DeliveryAsync(id))!.Value.GetProperty("attemptLog").GetArrayLength() >= 1 ? id : null, "a failed attempt");
        Host.Clock.Advance(TimeSpan.FromSeconds(21));
        var expired = await Api.WaitForDeliveryAsync(Host, id, "expired");
        Assert.False(await RawStore.HasSealedPayloadAsync(Store, id));
        Assert.Contains("delivery.failed", (await Api.SendAsync(HttpMethod.Get, "/v1/audit")).Body.ToString(), StringComparison.Ordinal);
        Assert.Null(expired.TryGetProperty("nextAttemptAt", out var next) ? next.GetString() : null);
    }

    [Fact]
    public async Task An_unconfigured_method_and_a_user_without_email_are_refused_with_400()
    {
        var (user, door) = await SetUpAsync(email: null);

        var (status, problem) = await IssueAsync(user, door, new { method = "sms" });
        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
        Assert.Contains("configured: email, outbox", problem.GetProperty("errors").GetProperty("deliver.method")[0].GetString(), StringComparison.Ordinal);

        (status, problem) = await IssueAsync(user, door, new { method = "email" });
        Assert.Equal(400, status);
        Assert.Equal("latch.delivery.unreachable", problem.GetProperty("code").GetString());
        Assert.Contains("no email address", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_offers_email_only_to_users_with_an_address_and_its_emailed_code_answers_it()
    {
        await Smtp.StartAsync();
        var (ada, app) = await SetUpAsync("ada@example.test");
        var (_, bob) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "bob" });
        var (status, policy) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Require a code",
            state = "enabled",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { "all" } },
            grant = new { requirements = new[] { "requireCode" } },
        });
        Assert.True(status == 201, policy.ToString());

        var bobChallenge = (await EvaluateAsync(bob.GetProperty("id").GetString()!, app)).GetProperty("challenge");
        Assert.Equal(["outbox"], bobChallenge.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        (status, var refused) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{bobChallenge.GetProperty("id").GetString()}/send", new { method = "email" });
        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", refused.GetProperty("code").GetString());

        var challenge = (await EvaluateAsync(ada, app)).GetProperty("challenge");
        Assert.Equal(["email", "outbox"], challenge.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var id = challenge.GetProperty("id").GetString()!;
        (status, var sent) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{id}/send", new { method = "email" });
        Assert.Equal(202, status);
        Assert.Equal("email", sent.GetProperty("delivery").GetProperty("method").GetString());

        var code = CodeIn((await Smtp.WaitForMessagesAsync(1)).Single());
        var (verified, verdict) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{id}/verify", new { code });
        Assert.Equal(200, verified);
        Assert.Equal("allow", verdict.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Nodes_sharing_a_postgres_queue_send_each_message_once()
    {
        if (StoreKind != "postgres")
        {
            return; // a SQLite store serves one process
        }

        // A second node on the same database and data folder (so the same outbox file), with its own dispatcher.
        await using var second = await LatchHost.StartAsync(Store, Settings());
        var (user, door) = await SetUpAsync("ada@example.test");
        var codeIds = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            codeIds.Add((await IssueAsync(user, door, new { method = "outbox" })).Body.GetProperty("id").GetString()!);
        }

        foreach (var id in codeIds)
        {
            await OutboxFile.WaitForCodeAsync(Store.DataFolder, id);
        }

        // Without a crash, leases and SKIP LOCKED mean no message is taken by two nodes.
        var sent = OutboxFile.Read(Store.DataFolder).Select(m => m.GetProperty("codeId").GetString()).ToList();
        Assert.Equal(codeIds.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delivery_status_is_for_admins_operators_and_auditors_and_unknown_ids_are_404()
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Get, "/v1/deliveries/dlv_00000000000000000000");
        Assert.Equal(404, status);
        Assert.Equal("latch.delivery.not-found", problem.GetProperty("code").GetString());

        var (_, key) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "app", role = "app" });
        using var app = Host.Client(key.GetProperty("key").GetString());
        Assert.Equal(403, (await new LatchApi(app).SendAsync(HttpMethod.Get, "/v1/deliveries/dlv_00000000000000000000")).Status);
    }

    private async Task<(string User, string Door)> SetUpAsync(string? email)
    {
        var (status, user) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", displayName = "Ada Lovelace", email });
        Assert.Equal(201, status);
        return (user.GetProperty("id").GetString()!, await Api.CreateResourceAsync("Front door"));
    }

    private Task<(int Status, JsonElement Body)> IssueAsync(string user, string door, object deliver, object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        body["userId"] = user;
        body["resourceId"] = door;
        body["deliver"] = JsonSerializer.SerializeToNode(deliver);
        return Api.SendAsync(HttpMethod.Post, "/v1/codes", body.ToJsonString());
    }

    private async Task<JsonElement> EvaluateAsync(string user, string resource)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate",
            new { userId = user, resourceId = resource, context = new { ip = "203.0.113.7", clientApp = "browser" } });
        Assert.True(status == 200, body.ToString());
        Assert.Equal("challenge", body.GetProperty("decision").GetString());
        return body;
    }

    private static string CodeIn(MimeText mail) => CodeLine().Match(mail.Part("text/plain").Body).Groups[1].Value;

    [GeneratedRegex(@"is:\s+(\S+)\s")]
    private static partial Regex CodeLine();

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class SqliteDelivery() : DeliverySuite("sqlite");

public sealed class PostgresDelivery() : DeliverySuite("postgres");
