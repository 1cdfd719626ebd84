using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Latch.Controller.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Latch.Cli.Tests;

/// <summary>
/// <c>latch door enroll</c> against a stand-in for the admin side of the doors contract (a Kestrel app that signs the
/// CSR with its own CA), until the real endpoints are merged.
/// </summary>
public sealed class DoorEnrollTests : IAsyncLifetime
{
    private const string Door = "res_front0000000000000";
    private const string AdminKey = "latch_admin_test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "latch-enroll-" + Guid.NewGuid().ToString("n"));
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<string?> _authorizations = [];
    private X509Certificate2 _ca = null!;
    private WebApplication _latch = null!;
    private string _url = null!;

    public async ValueTask InitializeAsync()
    {
        var request = new CertificateRequest("CN=Latch device CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));

        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_url);
        _latch = builder.Build();
        _latch.MapPost("/v1/doors/{doorId}/controllers", (string doorId, HttpContext context) =>
        {
            _authorizations.Add(context.Request.Headers.Authorization);
            return Results.Json(new { id = "dev_enrolled0000000000", doorId, name = "Front keypad", key = "lk_device_key" }, statusCode: 201);
        });
        _latch.MapPost("/v1/doors/{doorId}/controllers/{controllerId}/certificate", async (HttpContext context) =>
        {
            _authorizations.Add(context.Request.Headers.Authorization);
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var csr = CertificateRequest.LoadSigningRequestPem(body!["csr"]!.GetValue<string>(), HashAlgorithmName.SHA256);
            using var signed = csr.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(30), [7]);
            return Results.Json(
                new { certificate = signed.ExportCertificatePem(), caCertificate = _ca.ExportCertificatePem(), thumbprint = signed.GetCertHashString(HashAlgorithmName.SHA256), notAfter = signed.NotAfter.ToUniversalTime() },
                statusCode: 201);
        });
        await _latch.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _latch.DisposeAsync();
        _ca.Dispose();
        _caKey.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Enroll_writes_a_private_key_made_here_its_signed_certificate_the_CA_and_the_credential()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LatchCli.RunAsync(["door", "enroll", "--door", Door, "--out", _folder, "--name", "Front keypad", "--server", _url, "--key", AdminKey], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.All(_authorizations, a => Assert.Equal("Bearer " + AdminKey, a));
        var credential = ControllerState.Load(_folder).Credential!;
        Assert.Equal(("dev_enrolled0000000000", "lk_device_key", Door), (credential.ControllerId, credential.DeviceKey, credential.DoorId));
        Assert.Equal(new Uri(_url), credential.Server);
        using var certificate = X509Certificate2.CreateFromPemFile(credential.CertificatePath!, credential.CertificateKeyPath);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=dev_enrolled0000000000", certificate.Subject);
        Assert.Equal(_ca.Subject, certificate.Issuer);
        Assert.Equal(_ca.ExportCertificatePem(), File.ReadAllText(credential.CaPath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential.CertificateKeyPath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "credential.json")));
        Assert.Contains("controller dev_enrolled0000000000 registered for door " + Door, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("lk_device_key", output.ToString(), StringComparison.Ordinal);
    }
}
