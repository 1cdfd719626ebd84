namespace Latch.Server.Delivery.Push;

/// <summary>
/// The <c>Delivery:Push</c> section: the companion app's webhook. Latch signs what it sends with
/// <see cref="Secret"/> (header <c>Latch-Signature</c>), and the companion signs its approve/deny answer the same way.
/// </summary>
public sealed class PushOptions
{
    public const string Section = "Delivery:Push";

    /// <summary>The companion's webhook URL; push is off while it is empty.</summary>
    public string? Url { get; set; }

    /// <summary>The shared HMAC key, at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a person has to answer a push, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 120;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
