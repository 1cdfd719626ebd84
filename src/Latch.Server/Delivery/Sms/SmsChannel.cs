using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latch.Server.Delivery.Webhooks;
using Latch.Server.Http;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Sms;

/// <summary>
/// Sends a code as a text message through an HTTP gateway (SPEC "Delivery": sms). The text says what the code
/// opens and until when; the gateway sees the code, nothing else secret.
/// </summary>
internal sealed class SmsChannel(HttpClient http, IOptions<SmsOptions> options, TimeProvider clock) : IDeliveryChannel
{
    public string Method => "sms";

    public string? CannotReach(DeliveryRecipient recipient) => recipient.Phone is null ? "the user has no phone number" : null;

    public Task<DeliveryOutcome> SendAsync(DeliveryMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        var text = Text(message);
        var request = new HttpRequestMessage(HttpMethod.Post, settings.Url);
        request.Headers.Add("Latch-Delivery-Id", message.DeliveryId);
        if (settings.Mode == "twilio")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = message.Recipient.Phone!,
                ["From"] = settings.From!,
                ["Body"] = text,
            });
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.Secret}")));
        }
        else
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new SmsWebhook(
                message.DeliveryId, message.Recipient.Phone!, text, message.CodeId, message.ResourceId, message.NotAfter), LatchJson.Default.SmsWebhook);
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(settings.Secret!), clock.GetUtcNow(), body));
        }

        return SendAndDisposeAsync(request, ct);
    }

    private async Task<DeliveryOutcome> SendAndDisposeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            return await WebhookPost.SendAsync(http, request, ct);
        }
    }

    /// <summary>Short enough for one SMS segment with a typical resource name.</summary>
    public static string Text(DeliveryMessage message) => string.Create(CultureInfo.InvariantCulture,
        $"Latch code {message.Code.Reveal()} opens {message.ResourceName} until {message.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Never share it.");
}

/// <summary>The JSON body of the gateway webhook (json mode).</summary>
public sealed record SmsWebhook(string DeliveryId, string To, string Text, string CodeId, string ResourceId, DateTimeOffset ExpiresAt);
