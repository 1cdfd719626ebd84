using System.Net;
using System.Net.Http.Headers;

namespace Latch.Server.Delivery.Webhooks;

/// <summary>
/// Posts one webhook and classifies the answer for the delivery queue: 2xx sent; 408, 425, 429 and 5xx (and no
/// answer at all) worth retrying; any other 4xx a refusal that retrying will not change. Errors name the status,
/// never the body sent (it holds the code).
/// </summary>
internal static class WebhookPost
{
    public static async Task<DeliveryOutcome> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome.Sent(Reference(response.Headers));
            }

            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or (HttpStatusCode)425;
            return new DeliveryOutcome.Failed($"{request.RequestUri?.Host} answered {status} {response.ReasonPhrase}", retryable);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Failed($"{request.RequestUri?.Host} unreachable: {e.HttpRequestError}", Retryable: true);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryOutcome.Failed($"{request.RequestUri?.Host} did not answer in time", Retryable: true);
        }
    }

    private static string? Reference(HttpResponseHeaders headers) =>
        headers.TryGetValues("Latch-Reference", out var values) ? values.FirstOrDefault() : null;
}
