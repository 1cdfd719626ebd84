using System.Net;
using System.Security.Cryptography;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Controller.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Latch.Controller.Tests;

/// <summary>
/// The transport over mutual TLS against Kestrel requiring a client certificate (standing in for Latch's mTLS
/// listener): the controller proves itself with its certificate and trusts only the CA from its enrollment.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new();
    private readonly int _port = ContractStub.FreePort();
    private WebApplication _server = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _certificates.Server,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,

            // As Latch does: the certificate's SHA-256 thumbprint must be the one registered for the controller.
            ClientCertificateValidation = (certificate, _, _) => certificate.GetCertHashString(HashAlgorithmName.SHA256) == _certificates.ControllerThumbprint,
        })));
        _server = builder.Build();
        var twin = TwinJson.Write(new DoorTwin(TestDoor.DoorId, "dev_1", TestDoor.Start, DoorConfig.Default, null, []));
        _server.MapGet("/v1/doors/{doorId}/twin", () => Results.Content(twin.ToJsonString(), "application/json"));
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task A_controller_with_its_certificate_gets_its_twin_over_mutual_TLS()
    {
        using var transport = new HttpDoorTransport(Credential(_certificates.CaPath));

        var reply = await transport.GetTwinAsync();

        Assert.Equal(TestDoor.DoorId, Assert.IsType<Reply<DoorTwin>.Answered>(reply).Value.DoorId);
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_from_the_enrollment_CA_is_not_trusted()
    {
        using var transport = new HttpDoorTransport(Credential(_certificates.OtherCaPath()));

        var reply = await transport.GetTwinAsync();

        Assert.IsType<Reply<DoorTwin>.Unreachable>(reply);
    }

    [Fact]
    public async Task A_controller_without_a_certificate_gets_no_twin()
    {
        using var transport = new HttpDoorTransport(Credential(_certificates.CaPath) with { CertificatePath = null, CertificateKeyPath = null });

        var reply = await transport.GetTwinAsync();

        Assert.IsNotType<Reply<DoorTwin>.Answered>(reply);
    }

    private ControllerCredential Credential(string caPath) => new(
        new Uri($"https://127.0.0.1:{_port}"),
        TestDoor.DoorId,
        "dev_1",
        CertificatePath: _certificates.ControllerPath,
        CertificateKeyPath: _certificates.ControllerKeyPath,
        CaPath: caPath);
}
