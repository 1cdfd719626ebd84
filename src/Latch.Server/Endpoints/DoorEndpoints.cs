using Latch.Core.Access;
using Latch.Server.Auth;
using Latch.Server.Doors;
using Latch.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

/// <summary>
/// Doors and their controllers (docs/doors.md). Admin calls take admin/operator keys (auditors read); controller calls take
/// only a controller's own credential — its device key or its client certificate — so an admin key cannot act as a door.
/// </summary>
internal static class DoorEndpoints
{
    public static void MapDoors(this IEndpointRouteBuilder app)
    {
        var doors = app.MapGroup("/v1/doors").WithTags("Doors");

        doors.MapGet("", (DoorAdmin admin, CancellationToken ct) => admin.ListAsync(ct))
            .Produces<List<DoorView>>().RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
            .WithSummary("Doors with their configuration, controllers (sync status, skew, offline since) and last event.");

        doors.MapGet("/{doorId}", (string doorId, DoorAdmin admin, CancellationToken ct) => admin.GetAsync(doorId, ct))
            .Produces<DoorView>().ProducesProblems(400, 404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One door.");

        doors.MapPut("/{doorId}/config", async (string doorId, HttpContext http, DoorAdmin admin) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.DoorConfigRequest);
            return problem ?? await admin.PutConfigAsync(doorId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<DoorConfigRequest>().Produces<DoorConfigView>().ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.Operator).WithSummary("Set a door's configuration; fields left out take their defaults. Offline mode on creates the door's secret.");

        doors.MapPost("/{doorId}/offline-key/rotate", (string doorId, HttpContext http, DoorAdmin admin) => admin.RotateKeyAsync(doorId, http.Caller(), http.RequestAborted))
            .Produces<KeyRotated>().ProducesProblems(400, 404).RequireRoles(Role.Admin, Role.Operator)
            .WithSummary("A new offline secret version: codes of older versions stop opening offline after the controller's next sync.");

        doors.MapPost("/{doorId}/controllers", async (string doorId, HttpContext http, DoorAdmin admin) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateControllerRequest);
            return problem ?? await admin.AddControllerAsync(doorId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<CreateControllerRequest>().Produces<ControllerCreated>(201).ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.Operator).WithSummary("Register a controller for a door; its device key is in this answer only.");

        doors.MapPost("/{doorId}/controllers/{controllerId}/certificate", async (string doorId, string controllerId, HttpContext http, DoorAdmin admin) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.EnrollCertificateRequest);
            return problem ?? await admin.IssueCertificateAsync(doorId, controllerId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<EnrollCertificateRequest>().Produces<CertificateIssued>(201).ProducesProblems(400, 403, 404)
          .RequireRoles(Role.Admin, Role.Operator, Role.Device)
          .WithSummary("Sign the controller's CSR with Latch's device CA and register its thumbprint (the controller may re-enroll itself).");

        doors.MapDelete("/{doorId}/controllers/{controllerId}", (string doorId, string controllerId, HttpContext http, DoorAdmin admin) =>
            admin.RemoveControllerAsync(doorId, controllerId, http.Caller(), http.RequestAborted))
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 404).RequireRoles(Role.Admin, Role.Operator).WithSummary("Remove a controller: its key and certificate stop working.");

        // The controller's side.
        doors.MapGet("/{doorId}/twin", (string doorId, HttpContext http, ControllerSync sync) => sync.TwinAsync(doorId, http.Caller(), http.RequestAborted))
            .Produces<TwinView>().ProducesProblems(403, 404).RequireRoles(Role.Device)
            .WithSummary("The controller's twin: desired configuration, server time, offline secret (offline mode only) and revocations.");

        doors.MapPut("/{doorId}/twin/reported", async (string doorId, HttpContext http, ControllerSync sync) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.ReportStateRequest);
            return problem ?? await sync.ReportAsync(doorId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<ReportStateRequest>().Produces<StateReported>().ProducesProblems(400, 403, 404).RequireRoles(Role.Device)
          .WithSummary("The controller reports firmware, clock and lock state; Latch records the clock skew and the sync status.");

        doors.MapPost("/{doorId}/unlock", async (string doorId, HttpContext http, DoorUnlock unlock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.UnlockRequest);
            return problem ?? await unlock.UnlockAsync(doorId, request!, http.Caller(), http.Connection.RemoteIpAddress, http.RequestAborted);
        }).AcceptsJson<UnlockRequest>().Produces<UnlockOpened>().Produces<UnlockDenied>(403).ProducesProblems(400, 404).RequireRoles(Role.Device)
          .WithSummary("A code typed at the keypad: the door's policies for its holder and the code rules; 200 {open: true} or 403 {open: false, reason}.");

        doors.MapPost("/{doorId}/events", async (string doorId, HttpContext http, DoorEventUpload upload) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.UploadEventsRequest);
            return problem ?? await upload.UploadAsync(doorId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<UploadEventsRequest>().Produces<EventsAccepted>().ProducesProblems(400, 403, 404).RequireRoles(Role.Device)
          .WithSummary("Upload the controller's offline log; idempotent by seq, audited in seq order.");
    }
}
