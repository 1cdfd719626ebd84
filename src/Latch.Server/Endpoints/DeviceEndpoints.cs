using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class DeviceEndpoints
{
    private static readonly string[] Platforms = ["windows", "macos", "linux", "ios", "android"];

    public static void MapDevices(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/v1/devices").WithTags("Directory");

        devices.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateDeviceRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var device = new DeviceRecord
            {
                Id = PublicId.New(PublicId.Device),
                Name = errors.Required("name", request!.Name),
                OwnerId = errors.Optional("ownerId", request.OwnerId),
                Platform = request.Platform,
                Compliant = request.Compliant ?? false,
                Fingerprint = errors.Optional("fingerprint", request.Fingerprint, 512),
                CreatedAt = clock.GetUtcNow().ToUnixMs(),
            };
            if (request.Compliant is null)
            {
                errors.Add("compliant", "compliant is required (true or false).");
            }

            if (device.Platform is not null && !Platforms.Contains(device.Platform))
            {
                errors.Add("platform", "platform must be one of windows, macos, linux, ios, android.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.DeviceCreated, device.Id,
                AuditData.Of(("name", device.Name), ("ownerId", device.OwnerId), ("compliant", device.Compliant)));
            return await store.AddDeviceAsync(device, audit, http.RequestAborted) switch
            {
                AddResult<DeviceRecord>.Added added => TypedResults.Created($"/v1/devices/{added.Row.Id}", DeviceView.Of(added.Row)),
                _ => Problems.NotFound("user", device.OwnerId ?? ""),
            };
        }).AcceptsJson<CreateDeviceRequest>().Produces<DeviceView>(201).ProducesProblems(400, 404)
          .RequireRoles(Role.Admin).WithSummary("Register a user's device.");

        devices.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindDeviceAsync(id, ct) is { } device ? TypedResults.Ok(DeviceView.Of(device)) : Problems.NotFound("device", id))
            .Produces<DeviceView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One device.");
    }
}
