using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// Reads queued messages through the API and waits for one to reach a state; a wait that times out says where the
/// message is and what the dispatcher logged.
/// </summary>
internal static class DeliveryPolling
{
    public static async Task<JsonElement?> DeliveryAsync(this LatchApi api, string id)
    {
        var (status, body) = await api.SendAsync(HttpMethod.Get, $"/v1/deliveries/{id}");
        Assert.Equal(200, status);
        return body;
    }

    public static async Task<JsonElement> WaitForDeliveryAsync(this LatchApi api, LatchHost host, string id, string state)
    {
        try
        {
            return (JsonElement)await Eventually.GetAsync(async () => await api.DeliveryAsync(id) is { } d && d.GetProperty("state").GetString() == state ? (object)d : null,
                $"delivery {id} to be {state}");
        }
        catch (TimeoutException e)
        {
            var log = string.Join("\n", host.Logs.Lines.Where(l => l.StartsWith("Latch.Server.Delivery", StringComparison.Ordinal)));
            throw new TimeoutException($"{e.Message} It is: {await api.DeliveryAsync(id)}\n{log}", e);
        }
    }
}
