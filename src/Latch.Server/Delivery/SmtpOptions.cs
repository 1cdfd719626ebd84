namespace Latch.Server.Delivery;

/// <summary>The <c>Delivery:Smtp</c> section: the email channel, available when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Delivery:Smtp";

    public string? Host { get; set; }

    /// <summary>Defaults to 587 with <c>starttls</c>, 25 with <c>none</c>.</summary>
    public int? Port { get; set; }

    public string? From { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary><c>starttls</c> (default) or <c>none</c>. <c>tls</c> (implicit TLS) is refused: see <see cref="SmtpOptionsValidator"/>.</summary>
    public string Security { get; set; } = "starttls";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? (Security == "none" ? 25 : 587);

    public override string ToString() => $"SmtpOptions {{ Host = {Host}, Port = {EffectivePort}, Security = {Security}, User = {User}, Password = (redacted) }}";
}
