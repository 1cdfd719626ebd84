namespace Latch.Server.Delivery.Email;

/// <summary>The <c>Delivery:Smtp</c> section: the email channel, available when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Delivery:Smtp";

    public string? Host { get; set; }

    /// <summary>Defaults to 587 with <c>starttls</c>, 465 with <c>tls</c>, 25 with <c>none</c>.</summary>
    public int? Port { get; set; }

    public string? From { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary><c>starttls</c> (default: plain connection, then STARTTLS), <c>tls</c> (implicit TLS from the first byte) or <c>none</c>.</summary>
    public string Security { get; set; } = "starttls";

    /// <summary>
    /// A PEM file of the certificate(s) to trust for the server instead of the system's roots: a private CA, or the
    /// server's own self-signed certificate. Host names are checked either way.
    /// </summary>
    public string? TrustedCertificate { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? Security switch
    {
        "none" => 25,
        "tls" => 465,
        _ => 587,
    };

    public override string ToString() =>
        $"SmtpOptions {{ Host = {Host}, Port = {EffectivePort}, Security = {Security}, User = {User}, Password = (redacted), TrustedCertificate = {TrustedCertificate} }}";
}
