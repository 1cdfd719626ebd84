using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.Core.Codes;
using Latch.Server.Delivery;
using Latch.Server.Delivery.Sms;
using Latch.Server.Delivery.Webhooks;
using Latch.Server.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Latch.Server.Tests.Delivery;

/// <summary>The SMS gateway channel against a real HTTP receiver on loopback, which checks the signature itself.</summary>
public sealed class SmsChannelTests : IAsyncLifetime
{
    private const string Secret = "sms-gateway-secret-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeClock _clock = new(Now);
    private readonly HttpClient _http = new();
    private HttpReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await HttpReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_code_is_posted_as_signed_json_that_says_what_it_opens_and_until_when()
    {
        var outcome = await Channel(new SmsOptions { Url = _receiver.Url.ToString(), Secret = Secret }).SendAsync(Message(), default);

        var sent = Assert.IsType<DeliveryOutcome.Sent>(outcome);
        Assert.Equal("ref-1", sent.Reference);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("dlv_1", request.Headers["Latch-Delivery-Id"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);

        // Recomputed here from the header's timestamp and the raw body, as a gateway would.
        var signature = request.Headers[WebhookSignature.Header].Split(',').ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature["t"]);
        byte[] signed = [.. Encoding.ASCII.GetBytes(signature["t"] + "."), .. request.Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed);
        Assert.Equal(Convert.ToHexStringLower(expected), signature["v1"]);

        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("+4930123456", body.GetProperty("to").GetString());
        var text = body.GetProperty("text").GetString()!;
        Assert.Contains("482913", text, StringComparison.Ordinal);
        Assert.Contains("Front door", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 09:05 UTC", text, StringComparison.Ordinal);
        Assert.Equal("cod_1", body.GetProperty("codeId").GetString());
    }

    [Fact]
    public void A_signature_is_refused_when_the_body_the_secret_or_the_time_differs()
    {
        var body = "{\"to\":\"+4930123456\"}"u8.ToArray();
        var secret = Encoding.UTF8.GetBytes(Secret);
        var header = WebhookSignature.Sign(secret, Now, body);
        var tolerance = TimeSpan.FromMinutes(5);

        Assert.True(WebhookSignature.Verify(header, secret, body, Now.AddMinutes(4), tolerance));
        Assert.False(WebhookSignature.Verify(header, secret, "{\"to\":\"+4930000000\"}"u8, Now, tolerance));
        Assert.False(WebhookSignature.Verify(header, "another-secret-0123456"u8, body, Now, tolerance));
        Assert.False(WebhookSignature.Verify(header, secret, body, Now.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify("t=1,v1=zz", secret, body, Now, tolerance));
        Assert.False(WebhookSignature.Verify(null, secret, body, Now, tolerance));
    }

    [Fact]
    public async Task Twilio_mode_posts_the_messages_form_with_basic_auth()
    {
        var options = new SmsOptions { Url = _receiver.Url.ToString(), Secret = Secret, Mode = "twilio", AccountSid = "AC123", From = "+15005550006" };

        Assert.IsType<DeliveryOutcome.Sent>(await Channel(options).SendAsync(Message(), default));

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:" + Secret)), request.Headers["Authorization"]);
        var form = Encoding.UTF8.GetString(request.Body).Split('&').Select(Uri.UnescapeDataString).ToList();
        Assert.Contains("To=+4930123456", form);
        Assert.Contains("From=+15005550006", form);
        Assert.Contains(form, f => f.StartsWith("Body=", StringComparison.Ordinal) && f.Contains("482913", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    public async Task A_refusal_is_retried_only_when_retrying_can_help(int status, bool retryable)
    {
        _receiver.Status = status;

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await Channel(new SmsOptions { Url = _receiver.Url.ToString(), Secret = Secret }).SendAsync(Message(), default));

        Assert.Equal(retryable, failed.Retryable);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_retried()
    {
        var url = _receiver.Url.ToString();
        await _receiver.DisposeAsync();
        _receiver = await HttpReceiver.StartAsync(); // another port; the old one is closed

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await Channel(new SmsOptions { Url = url, Secret = Secret }).SendAsync(Message(), default));

        Assert.True(failed.Retryable);
    }

    [Fact]
    public void Settings_are_checked_at_start_up_with_every_problem_reported()
    {
        var result = new SmsOptionsValidator().Validate(null, new SmsOptions { Url = "http://sms.example.com/send", Secret = "short", Mode = "twilio" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.True(new SmsOptionsValidator().Validate(null, new SmsOptions()).Succeeded); // not configured: off
    }

    [Fact]
    public void A_user_without_a_phone_cannot_be_reached()
    {
        var channel = Channel(new SmsOptions { Url = _receiver.Url.ToString(), Secret = Secret });

        Assert.NotNull(channel.CannotReach(new DeliveryRecipient("usr_1", "ada", null, "ada@example.com", null)));
        Assert.Null(channel.CannotReach(Message().Recipient));
    }

    private SmsChannel Channel(SmsOptions options) => new(_http, Options.Create(options), _clock);

    private static DeliveryMessage Message() => new(
        "dlv_1", "sms", "cod_1", new PlainCode("482913"), new DeliveryRecipient("usr_1", "ada", "Ada", null, "+4930123456"),
        "res_1", "Front door", Now, Now.AddMinutes(5), 1);
}
