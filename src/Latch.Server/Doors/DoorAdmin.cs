using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Offline;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Doors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;

namespace Latch.Server.Doors;

/// <summary>The admin side of doors: controllers and their credentials, configuration, key rotation, listings.</summary>
internal sealed class DoorAdmin(
    ILatchStore store,
    DoorLookup doors,
    DoorSecretSealer sealer,
    DeviceCa ca,
    ApiKeyAuthenticator keys,
    RandomNumberGenerator random,
    IOptions<DoorsOptions> options,
    TimeProvider clock)
{
    private const int MaxDoors = 1000;

    public async Task<IResult> AddControllerAsync(string doorId, CreateControllerRequest request, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name);
        var firmware = errors.Optional("firmware", request.Firmware, 100);
        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        var (door, problem) = await doors.FindAsync(doorId, ct);
        if (door is null)
        {
            return problem!;
        }

        var secret = ApiKeySecret.Generate();
        var id = PublicId.New(PublicId.Device);
        var keyId = PublicId.New(PublicId.ApiKey);
        var now = clock.GetUtcNow().ToUnixMs();
        await store.AddControllerAsync(new NewController(id, door.Pk, door.Id, name, firmware, keyId, secret.Hash(), now),
            new AuditDraft(caller.Actor, AuditActions.ControllerAdded, id, AuditData.Of(("doorId", door.Id), ("name", name), ("keyId", keyId))), ct);
        return TypedResults.Created($"/v1/doors/{door.Id}/controllers/{id}", new ControllerCreated(id, door.Id, name, secret.Reveal()));
    }

    /// <summary>Signs the controller's CSR with the device CA and registers the certificate's thumbprint (replacing any earlier one).</summary>
    public async Task<IResult> IssueCertificateAsync(string doorId, string controllerId, EnrollCertificateRequest request, Caller caller, CancellationToken ct)
    {
        // A controller may re-enroll itself with its device key; any other device credential may not.
        if (caller.Role == Role.Device && caller.ControllerId != controllerId)
        {
            return DoorLookup.NotYourDoor(doorId);
        }

        if (string.IsNullOrWhiteSpace(request.Csr) || request.Csr.Length > 16_384)
        {
            return Problems.Invalid("csr", "csr is required: a PEM PKCS#10 certificate request (at most 16 KiB).");
        }

        var (controller, problem) = await FindControllerAsync(doorId, controllerId, ct);
        if (controller is null)
        {
            return problem!;
        }

        using var certificate = ca.SignControllerRequest(request.Csr, controller.Id, TimeSpan.FromDays(options.Value.CertificateDays), out var csrProblem);
        if (certificate is null)
        {
            return Problems.Of(400, "latch.door.badCsr", "The certificate request cannot be used.", csrProblem!,
                new Dictionary<string, string[]> { ["csr"] = [csrProblem!] });
        }

        var thumbprint = DeviceCa.Thumbprint(certificate);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var audit = new AuditDraft(caller.Actor, AuditActions.ControllerCertificateIssued, controller.Id,
            AuditData.Of(("doorId", controller.DoorId), ("thumbprint", thumbprint), ("notAfter", notAfter)));
        if (!await store.SetControllerCertificateAsync(controller.Pk, thumbprint, notAfter.ToUnixMs(), clock.GetUtcNow().ToUnixMs(), audit, ct))
        {
            return Problems.NotFound("controller", controllerId);
        }

        return TypedResults.Created($"/v1/doors/{doorId}/controllers/{controller.Id}",
            new CertificateIssued(certificate.ExportCertificatePem(), ca.CertificatePem, thumbprint, notAfter));
    }

    public async Task<IResult> RemoveControllerAsync(string doorId, string controllerId, Caller caller, CancellationToken ct)
    {
        var (controller, problem) = await FindControllerAsync(doorId, controllerId, ct);
        if (controller is null)
        {
            return problem!;
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.ControllerRemoved, controller.Id, AuditData.Of(("doorId", controller.DoorId)));
        await store.RemoveControllerAsync(controller.Pk, clock.GetUtcNow().ToUnixMs(), audit, ct);
        if (controller.ApiKeyId is { } keyId)
        {
            keys.Forget(keyId); // this node stops accepting the key at once; others within the key cache's lifetime
        }

        return TypedResults.NoContent();
    }

    public async Task<IResult> PutConfigAsync(string doorId, DoorConfigRequest request, Caller caller, CancellationToken ct)
    {
        var (door, problem) = await doors.FindAsync(doorId, ct);
        if (door is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var config = DoorSettings.FromRequest(request, door.Pk, clock.GetUtcNow().ToUnixMs(), errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        // Turning offline mode on gives the door its first secret, in the same transaction.
        Func<int, byte[]>? firstSecret = config.OfflineMode ? version => sealer.Seal(DoorSecret.Generate(version, random), door.Id) : null;
        var view = DoorSettings.View(config);
        var audit = new AuditDraft(caller.Actor, AuditActions.DoorConfigChanged, door.Id, AuditData.Of(
            ("offlineMode", view.OfflineMode), ("codeLength", view.CodeLength), ("clockToleranceSeconds", view.ClockToleranceSeconds),
            ("syncIntervalSeconds", view.SyncIntervalSeconds), ("lockoutMaxFailures", view.Lockout.MaxFailures),
            ("lockoutBaseSeconds", view.Lockout.BaseSeconds), ("lockoutMaxSeconds", view.Lockout.MaxSeconds)));
        await store.PutDoorConfigAsync(config, firstSecret, audit, ct);
        return TypedResults.Ok(view);
    }

    public async Task<IResult> RotateKeyAsync(string doorId, Caller caller, CancellationToken ct)
    {
        var (door, problem) = await doors.FindAsync(doorId, ct);
        if (door is null)
        {
            return problem!;
        }

        var version = await store.RotateDoorSecretAsync(door.Pk, clock.GetUtcNow().ToUnixMs(),
            v => sealer.Seal(DoorSecret.Generate(v, random), door.Id),
            v => new AuditDraft(caller.Actor, AuditActions.DoorKeyRotated, door.Id, AuditData.Of(("keyVersion", v))), ct);
        return TypedResults.Ok(new KeyRotated(version));
    }

    public async Task<IResult> ListAsync(CancellationToken ct)
    {
        var views = new List<DoorView>();
        foreach (var resource in await store.ListDoorResourcesAsync(MaxDoors, ct))
        {
            var door = new DoorContext(resource, DoorSettings.OrDefault(await store.FindDoorAsync(resource.Pk, ct), resource.Pk));
            views.Add(await ViewAsync(door, ct));
        }

        return TypedResults.Ok(views);
    }

    public async Task<IResult> GetAsync(string doorId, CancellationToken ct)
    {
        var (door, problem) = await doors.FindAsync(doorId, ct);
        return door is null ? problem! : TypedResults.Ok(await ViewAsync(door, ct));
    }

    private async Task<DoorView> ViewAsync(DoorContext door, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        var controllers = await store.ListControllersAsync(door.Pk, ct);
        var config = door.Config;
        var last = config.LastAction is { } action ? new DoorEventView(action, Instants.FromUnixMs(config.LastAt ?? 0), config.LastUserId) : null;
        var secret = await store.FindDoorSecretAsync(door.Pk, ct);
        return new DoorView(door.Id, door.Resource.Name, DoorSettings.View(config),
            [.. controllers.Select(c => ControllerStatus.View(c, config.SyncIntervalSeconds, now))], last, secret?.Version);
    }

    private async Task<(ControllerRecord? Controller, IResult? Problem)> FindControllerAsync(string doorId, string controllerId, CancellationToken ct)
    {
        var (door, problem) = await doors.FindAsync(doorId, ct);
        if (door is null)
        {
            return (null, problem);
        }

        var controller = PublicId.HasShape(controllerId, PublicId.Device) ? await store.FindControllerAsync(controllerId, ct) : null;
        return controller is null || controller.DoorPk != door.Pk || controller.RemovedAt is not null
            ? (null, Problems.NotFound("controller", controllerId))
            : (controller, null);
    }
}
