using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Latch.Controller.State;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary><c>latch door enroll</c> against a real <c>latch serve</c> process: Latch's device CA signs the key made here.</summary>
public sealed class DoorEnrollTests : IAsyncLifetime
{
    private StoreSetup _store = null!;
    private ServerProcess _server = null!;
    private LatchApi _admin = null!;

    private string Folder => Path.Combine(_store.DataFolder, "front-keypad");

    public async ValueTask InitializeAsync()
    {
        _store = await StoreSetup.CreateAsync("sqlite");
        _server = await DoorServer.StartAsync(_store, DoorServer.MtlsUrl());
        _admin = DoorServer.Admin(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Http.Dispose();
        await _server.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Enroll_writes_a_private_key_made_here_its_certificate_signed_by_Latchs_device_CA_and_the_credential()
    {
        var door = await _admin.CreateResourceAsync("Front door");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LatchCli.RunAsync(["door", "enroll", "--door", door, "--out", Folder, "--name", "Front keypad", "--server", _server.BaseAddress.ToString(), "--key", LatchHost.AdminKey], output, error);

        Assert.True(exit == 0, error.ToString());
        var (status, listed) = await _admin.SendAsync(HttpMethod.Get, $"/v1/doors/{door}");
        Assert.Equal(200, status);
        var registered = Assert.Single(listed.GetProperty("controllers").EnumerateArray().ToList());
        Assert.Equal("Front keypad", registered.GetProperty("name").GetString());
        var controllerId = registered.GetProperty("id").GetString()!;

        var credential = ControllerState.Load(Folder).Credential!;
        Assert.Equal((controllerId, door), (credential.ControllerId, credential.DoorId));
        Assert.False(string.IsNullOrEmpty(credential.DeviceKey));
        Assert.Equal(_server.BaseAddress, credential.Server);
        using var certificate = X509Certificate2.CreateFromPemFile(credential.CertificatePath!, credential.CertificateKeyPath);
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(credential.CaPath!));
        using var latchCa = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_store.DataFolder, "keys", "device-ca.crt")));
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=" + controllerId, certificate.Subject);
        Assert.Equal(latchCa.Thumbprint, ca.Thumbprint);
        Assert.Equal(latchCa.Subject, certificate.Issuer);
        Assert.True(registered.TryGetProperty("certificateNotAfter", out _), $"no certificate registered: {registered}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential.CertificateKeyPath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Folder, "credential.json")));
        var printed = output.ToString();
        Assert.Contains($"controller {controllerId} registered for door {door}", printed, StringComparison.Ordinal);
        Assert.Contains("certificate " + certificate.GetCertHashString(HashAlgorithmName.SHA256), printed, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.DeviceKey!, printed, StringComparison.Ordinal);
    }
}
