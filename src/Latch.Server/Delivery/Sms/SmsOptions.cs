namespace Latch.Server.Delivery.Sms;

/// <summary>
/// The <c>Delivery:Sms</c> section: a provider-neutral HTTP gateway. <c>json</c> mode posts a signed JSON message
/// (header <c>Latch-Signature</c>, HMAC-SHA256 under <see cref="Secret"/>); <c>twilio</c> mode posts Twilio's
/// Messages form (<c>To</c>, <c>From</c>, <c>Body</c>) with HTTP Basic auth <see cref="AccountSid"/>:<see cref="Secret"/>.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Delivery:Sms";

    /// <summary>The gateway URL; the channel is off while it is empty.</summary>
    public string? Url { get; set; }

    /// <summary>The HMAC key (json) or auth token (twilio); at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary><c>json</c> (default) or <c>twilio</c>.</summary>
    public string Mode { get; set; } = "json";

    /// <summary>twilio mode: the account SID (Basic auth user).</summary>
    public string? AccountSid { get; set; }

    /// <summary>twilio mode: the sending number or messaging service.</summary>
    public string? From { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
