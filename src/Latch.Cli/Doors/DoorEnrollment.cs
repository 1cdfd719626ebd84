using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Latch.Controller.State;

namespace Latch.Cli.Doors;

/// <summary>
/// <c>latch door enroll</c>: registers a controller for a door, makes its ECDSA P-256 key pair here (the private key
/// never leaves this machine), has Latch sign a certificate for it, and writes a state folder the simulator can use.
/// </summary>
internal sealed class DoorEnrollment(ApiClient admin, Uri server, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(string doorId, string folder, string name, CancellationToken ct)
    {
        var door = Uri.EscapeDataString(doorId);
        var (status, created) = await admin.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new JsonObject { ["name"] = name }, ct);
        if (status != 201 || created?["id"]?.GetValue<string>() is not { } controllerId || created["key"]?.GetValue<string>() is not { } key)
        {
            return CliOutput.Problem(error, status, created, "register controller");
        }

        // The device key alone is a working credential: keep it even if the certificate step fails below.
        var state = ControllerState.Load(folder);
        var credential = new ControllerCredential(server, doorId, controllerId, key);
        state.SaveCredential(credential);
        await output.WriteLineAsync($"controller {controllerId} registered for door {doorId}");

        using var pair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={controllerId}"), pair, HashAlgorithmName.SHA256);
        var csr = request.CreateSigningRequestPem();
        var (certStatus, signed) = await admin.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers/{Uri.EscapeDataString(controllerId)}/certificate", new JsonObject { ["csr"] = csr }, ct);
        if (certStatus != 201 || signed?["certificate"]?.GetValue<string>() is not { } certificate || signed["caCertificate"]?.GetValue<string>() is not { } ca)
        {
            CliOutput.Problem(error, certStatus, signed, "certificate");
            await output.WriteLineAsync($"state folder {state.Folder} holds the device key only");
            return CliOutput.Failed;
        }

        var keyPath = Path.Combine(state.Folder, "controller-key.pem");
        var certificatePath = Path.Combine(state.Folder, "controller.pem");
        var caPath = Path.Combine(state.Folder, "ca.pem");
        PrivateFiles.WriteAtomically(keyPath, Encoding.UTF8.GetBytes(pair.ExportPkcs8PrivateKeyPem()));
        await File.WriteAllTextAsync(certificatePath, certificate, ct);
        await File.WriteAllTextAsync(caPath, ca, ct);
        state.SaveCredential(credential with { CertificatePath = certificatePath, CertificateKeyPath = keyPath, CaPath = caPath });

        await output.WriteLineAsync($"certificate {signed["thumbprint"]} valid until {signed["notAfter"]}");
        await output.WriteLineAsync($"state folder {state.Folder}: run latch door simulate --door {doorId} --state {state.Folder}");
        return CliOutput.Ok;
    }
}
