namespace Latch.Server.Delivery;

/// <summary>The channels configured on this server, by method name. A method not here is unavailable.</summary>
internal sealed class DeliveryChannels(IEnumerable<IDeliveryChannel> channels)
{
    private readonly Dictionary<string, IDeliveryChannel> _byMethod = channels.ToDictionary(c => c.Method, StringComparer.Ordinal);

    public IReadOnlyList<string> Methods => [.. _byMethod.Keys.Order(StringComparer.Ordinal)];

    public IDeliveryChannel? Find(string? method) => method is not null && _byMethod.TryGetValue(method, out var channel) ? channel : null;

    /// <summary>The methods that can reach this person.</summary>
    public IReadOnlyList<string> MethodsFor(DeliveryRecipient recipient) =>
        [.. _byMethod.Values.Where(c => c.CannotReach(recipient) is null).Select(c => c.Method).Order(StringComparer.Ordinal)];

    /// <summary>Why <paramref name="method"/> is not available here, for a 400 a person can act on; null when it is.</summary>
    public string? Unavailable(string? method)
    {
        if (string.IsNullOrWhiteSpace(method))
        {
            return "A delivery method is required.";
        }

        if (Find(method) is not null)
        {
            return null;
        }

        var methods = Methods;
        return methods.Count == 0
            ? $"Delivery method '{Http.Problems.Shorten(method)}' is not available: no delivery channel is configured on this server."
            : $"Delivery method '{Http.Problems.Shorten(method)}' is not available on this server; configured: {string.Join(", ", methods)}.";
    }
}
