using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latch.Server.Delivery.Webhooks;
using Latch.Server.Http;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Push;

/// <summary>Posts the signed approval request to the companion app's webhook.</summary>
internal sealed class PushNotifier(HttpClient http, IOptions<PushOptions> options, TimeProvider clock)
{
    public async Task<DeliveryOutcome> NotifyAsync(PushNotification notification, CancellationToken ct)
    {
        var settings = options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(notification, LatchJson.Default.PushNotification);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(settings.Secret!), clock.GetUtcNow(), body));
        request.Headers.Add("Latch-Push-Id", notification.PushId);
        return await WebhookPost.SendAsync(http, request, ct);
    }

    /// <summary>Whether an answer is signed by the companion (same secret, at most five minutes old).</summary>
    public bool IsSigned(string? header, ReadOnlySpan<byte> body) =>
        options.Value.Secret is { } secret
        && WebhookSignature.Verify(header, Encoding.UTF8.GetBytes(secret), body, clock.GetUtcNow(), TimeSpan.FromMinutes(5));
}
