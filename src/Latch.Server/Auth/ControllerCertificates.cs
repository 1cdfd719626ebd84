using System.Security.Cryptography.X509Certificates;
using Latch.Core.Access;
using Latch.Server.Doors;
using Latch.Storage;

namespace Latch.Server.Auth;

/// <summary>
/// Maps a client certificate to its door controller by SHA-256 thumbprint. The TLS handshake already checked the chain
/// to the device CA; here the certificate must be the one currently registered for a controller that was not removed,
/// so a re-enrolled or removed controller's old certificate stops working at once. Read per request (no cache). Its
/// dates are checked per request too: a connection opened before the certificate expired may stay open long after.
/// </summary>
internal sealed class ControllerCertificates(ILatchStore store, TimeProvider clock)
{
    public async ValueTask<Caller?> AuthenticateAsync(X509Certificate2 certificate, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < new DateTimeOffset(certificate.NotBefore) || now > new DateTimeOffset(certificate.NotAfter))
        {
            return null;
        }

        var thumbprint = DeviceCa.Thumbprint(certificate);
        var controller = await store.FindControllerByThumbprintAsync(thumbprint, ct);
        return controller is null ? null : new Caller("cert:" + thumbprint[..16], Role.Device, controller.Id, controller.DoorId);
    }
}
