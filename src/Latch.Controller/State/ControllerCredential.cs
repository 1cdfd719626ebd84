using System.Text.Json.Nodes;

namespace Latch.Controller.State;

/// <summary>
/// How this controller reaches Latch and proves who it is: a device key (bearer), a client certificate (mutual TLS),
/// or both; <see cref="CaPath"/> is the CA the server's certificate must chain to when set.
/// </summary>
public sealed record ControllerCredential(
    Uri Server,
    string DoorId,
    string? ControllerId = null,
    string? DeviceKey = null,
    string? CertificatePath = null,
    string? CertificateKeyPath = null,
    string? CaPath = null)
{
    /// <summary>A client certificate needs both its PEM and its private key's PEM.</summary>
    public bool HasCertificate => CertificatePath is not null && CertificateKeyPath is not null;

    public JsonObject ToJson() => new()
    {
        ["server"] = Server.ToString(),
        ["doorId"] = DoorId,
        ["controllerId"] = ControllerId,
        ["deviceKey"] = DeviceKey,
        ["certificate"] = CertificatePath,
        ["certificateKey"] = CertificateKeyPath,
        ["ca"] = CaPath,
    };

    public static ControllerCredential Parse(JsonNode? node)
    {
        var json = node as JsonObject ?? throw new FormatException("The credential is not a JSON object.");
        return new ControllerCredential(
            new Uri(json["server"]?.GetValue<string>() ?? throw new FormatException("The credential names no server.")),
            json["doorId"]?.GetValue<string>() ?? throw new FormatException("The credential names no door."),
            json["controllerId"]?.GetValue<string>(),
            json["deviceKey"]?.GetValue<string>(),
            json["certificate"]?.GetValue<string>(),
            json["certificateKey"]?.GetValue<string>(),
            json["ca"]?.GetValue<string>());
    }

    // The device key is a secret: a record's generated ToString would print it.
    public override string ToString() =>
        $"{DoorId} via {Server} (controller {ControllerId ?? "?"}, {(DeviceKey is null ? "no key" : "device key [redacted]")}, {(HasCertificate ? "client certificate" : "no certificate")})";
}
