using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>Codes sent by SMS through the queue to a real gateway on loopback, which checks Latch's signature.</summary>
public abstract partial class SmsDeliverySuite(string store) : StoreTest(store)
{
    private const string Secret = "sms-gateway-secret-0123456789";
    private HttpReceiver _gateway = null!;

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Sms:Url"] = _gateway.Url.ToString(),
        ["Delivery:Sms:Secret"] = Secret,
        ["Delivery:Queue:PollMilliseconds"] = "50",
    };

    protected override async ValueTask BeforeStartAsync() => _gateway = await HttpReceiver.StartAsync();

    protected override ValueTask AfterStopAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task A_code_sent_by_sms_arrives_signed_and_opens_once_even_after_the_gateway_failed_first()
    {
        var (_, user) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", phone = "+4930123456" });
        var door = await Api.CreateResourceAsync("Front door");
        _gateway.Status = 503;

        var (status, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes",
            new { userId = user.GetProperty("id").GetString(), resourceId = door, deliver = new { method = "sms" } });
        Assert.Equal(201, status);
        Assert.False(issued.TryGetProperty("code", out _));
        var deliveryId = issued.GetProperty("delivery").GetProperty("id").GetString()!;
        // Wait until the failed first attempt is recorded (queued again, 5 s backoff from now), then let time pass.
        await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "the failed first attempt");
        Assert.Single(_gateway.Requests);

        // The gateway recovers; the retry reaches it.
        _gateway.Status = 200;
        Host.Clock.Advance(TimeSpan.FromSeconds(6));
        var request = await Eventually.GetAsync(() => _gateway.Requests.Count >= 2 ? _gateway.Requests.Last() : null, "the retried message");
        var body = JsonDocument.Parse(request.Body).RootElement;
        var text = body.GetProperty("text").GetString()!;
        Assert.Equal("+4930123456", body.GetProperty("to").GetString());
        Assert.True(SignedWithSecret(request), "the gateway refuses an unsigned or forged message");
        var code = CodePattern().Match(text).Groups[1].Value;

        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        Assert.Equal("consumed", LatchApi.Reason((await Api.VerifyAsync(door, code)).Body));
        var delivery = await Eventually.GetAsync(async () =>
            (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d && d.GetProperty("state").GetString() == "sent" ? (object)d : null, "sent");
        Assert.Equal(2, ((JsonElement)delivery).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_code_used_before_its_retry_is_not_sent_again()
    {
        var (_, user) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", phone = "+4930123456" });
        var door = await Api.CreateResourceAsync("Front door");
        _gateway.Status = 503; // the gateway sends the text, then answers with an error

        var (_, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes",
            new { userId = user.GetProperty("id").GetString(), resourceId = door, deliver = new { method = "sms" } });
        var deliveryId = issued.GetProperty("delivery").GetProperty("id").GetString()!;
        await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("state").GetString() == "queued" ? (object)d : null, "the failed first attempt");
        var text = JsonDocument.Parse(Assert.Single(_gateway.Requests).Body).RootElement.GetProperty("text").GetString()!;
        Assert.Equal(200, (await Api.VerifyAsync(door, CodePattern().Match(text).Groups[1].Value)).Status);

        _gateway.Status = 200;
        Host.Clock.Advance(TimeSpan.FromSeconds(6));

        await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("state").GetString() == "cancelled" ? (object)d : null, "the message cancelled");
        Assert.Single(_gateway.Requests);
    }

    [Fact]
    public async Task A_gateway_that_echoes_the_code_in_its_reference_does_not_make_latch_show_it()
    {
        var (_, user) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", phone = "+4930123456" });
        var door = await Api.CreateResourceAsync("Front door");
        _gateway.Reference = request => "sent:" + JsonDocument.Parse(request.Body).RootElement.GetProperty("text").GetString() + new string('x', 300);

        var (_, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes",
            new { userId = user.GetProperty("id").GetString(), resourceId = door, deliver = new { method = "sms" } });
        var deliveryId = issued.GetProperty("delivery").GetProperty("id").GetString()!;
        var delivery = (JsonElement)await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("state").GetString() == "sent" ? (object)d : null, "sent");

        var code = CodePattern().Match(JsonDocument.Parse(Assert.Single(_gateway.Requests).Body).RootElement.GetProperty("text").GetString()!).Groups[1].Value;
        var reference = Assert.Single(delivery.GetProperty("attemptLog").EnumerateArray()).GetProperty("reference").GetString()!;
        Assert.Contains("[redacted]", reference, StringComparison.Ordinal);
        Assert.DoesNotContain(code, reference, StringComparison.Ordinal);
        Assert.True(reference.Length <= 201, $"{reference.Length} characters kept");
    }

    [Fact]
    public async Task Sms_to_someone_without_a_phone_is_refused_at_once()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = user, resourceId = door, deliver = new { method = "sms" } });

        Assert.Equal(400, status);
        Assert.Equal("latch.delivery.unreachable", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_queued_sms_never_goes_to_a_phone_removed_after_it_was_queued()
    {
        var (user, _, deliveryId) = await QueueSmsForLaterAsync("+4930123456");

        var (status, _) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{user}", """{"phone":null}""");
        Assert.Equal(200, status);
        Host.Clock.Advance(TimeSpan.FromMinutes(11));

        var failed = await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("state").GetString() == "failed" ? (object)d : null, "the message ended");
        Assert.Contains("no phone number any more", ((JsonElement)failed).GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(_gateway.Requests);
        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "delivery.failed"
            && e.GetProperty("data").GetProperty("deliveryId").GetString() == deliveryId);
        Assert.DoesNotContain("+4930123456", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queued_sms_goes_to_the_phone_the_user_has_when_it_is_sent()
    {
        var (user, door, deliveryId) = await QueueSmsForLaterAsync("+4930123456");

        var (status, _) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{user}", """{"phone":"+4930654321"}""");
        Assert.Equal(200, status);
        Host.Clock.Advance(TimeSpan.FromMinutes(11));

        var request = await Eventually.GetAsync(() => _gateway.Requests.FirstOrDefault(), "the message");
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("+4930654321", body.GetProperty("to").GetString());
        Assert.Single(_gateway.Requests);
        var code = CodePattern().Match(body.GetProperty("text").GetString()!).Groups[1].Value;
        Assert.Equal(200, (await Api.VerifyAsync(door, code)).Status);
        await Eventually.GetAsync(async () => (await Api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{deliveryId}")).Body is var d
            && d.GetProperty("state").GetString() == "sent" ? (object)d : null, "sent");
    }

    /// <summary>A user with <paramref name="phone"/> and a code for a new door, its SMS queued for 10 minutes from now.</summary>
    private async Task<(string User, string Door, string DeliveryId)> QueueSmsForLaterAsync(string phone)
    {
        var (_, created) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada", phone });
        var user = created.GetProperty("id").GetString()!;
        var door = await Api.CreateResourceAsync("Front door");
        var (status, issued) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new
        {
            userId = user,
            resourceId = door,
            ttlSeconds = 3600,
            deliver = new { method = "sms", at = Host.Clock.GetUtcNow().AddMinutes(10) },
        });
        Assert.Equal(201, status);
        return (user, door, issued.GetProperty("delivery").GetProperty("id").GetString()!);
    }

    private static bool SignedWithSecret(ReceivedRequest request)
    {
        var parts = request.Headers["Latch-Signature"].Split(',').ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        byte[] signed = [.. Encoding.ASCII.GetBytes(parts["t"] + "."), .. request.Body];
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)) == parts["v1"];
    }

    [GeneratedRegex("Latch code ([0-9]{6}) opens")]
    private static partial Regex CodePattern();
}

public sealed class SqliteSmsDelivery() : SmsDeliverySuite("sqlite");

public sealed class PostgresSmsDelivery() : SmsDeliverySuite("postgres");
