using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Access;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class ApiKeyEndpoints
{
    private const int MaxListed = 1000;

    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/api-keys").WithTags("API keys").RequireRoles(Role.Admin);

        keys.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateApiKeyRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var name = errors.Required("name", request!.Name);
            if (!Roles.TryParse(request.Role, out var role))
            {
                errors.Add("role", "role must be one of admin, operator, auditor, app, device.");
            }
            else if (role == Role.Device && string.IsNullOrWhiteSpace(request.ResourceId))
            {
                // A device key acts at one resource, as a controller's key acts at its door: an unbound one would reach them all.
                errors.Add("resourceId", "resourceId is required for a device key: the resource it may verify codes at.");
            }
            else if (role != Role.Device && request.ResourceId is not null)
            {
                errors.Add("resourceId", "resourceId is only for device keys; leave it out for the role '" + role.WireName() + "'.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            ResourceRecord? resource = null;
            if (role == Role.Device)
            {
                resource = await ResourceEndpoints.FindAsync(store, request.ResourceId, http.RequestAborted);
                if (resource is null)
                {
                    return Problems.NotFound("resource", request.ResourceId!);
                }
            }

            var secret = ApiKeySecret.Generate();
            var record = new ApiKeyRecord
            {
                Id = PublicId.New(PublicId.ApiKey),
                Name = name,
                Role = role.WireName(),
                CreatedAt = clock.GetUtcNow().ToUnixMs(),
                ResourcePk = resource?.Pk,
                ResourceId = resource?.Id,
            };
            await store.AddApiKeyAsync(record, secret.Hash(),
                new AuditDraft(http.Caller().Actor, AuditActions.ApiKeyCreated, record.Id,
                    AuditData.Of(("name", name), ("role", record.Role), ("resourceId", record.ResourceId))), http.RequestAborted);
            return TypedResults.Created($"/v1/api-keys/{record.Id}",
                new ApiKeyCreated(record.Id, name, record.Role, secret.Reveal(), Instants.FromUnixMs(record.CreatedAt), record.ResourceId));
        }).AcceptsJson<CreateApiKeyRequest>().Produces<ApiKeyCreated>(201).ProducesProblems(400, 404)
          .WithSummary("Create an API key; the key is in this answer only. A device key is bound to one resource (resourceId, required for that role only).");

        keys.MapGet("", async (ILatchStore store, CancellationToken ct, bool? includeRevoked) =>
            TypedResults.Ok((await store.ListApiKeysAsync(includeRevoked ?? false, MaxListed, ct)).Select(ApiKeyView.Of).ToList()))
          .Produces<List<ApiKeyView>>().ProducesProblems(400)
          .WithSummary($"API keys, oldest first (at most {MaxListed}): the active ones, and the revoked ones too with includeRevoked=true. Never the key itself.");

        keys.MapDelete("/{id}", async (string id, HttpContext http, ILatchStore store, ApiKeyAuthenticator authenticator, TimeProvider clock) =>
        {
            var result = await store.RevokeApiKeyAsync(id, clock.GetUtcNow().ToUnixMs(),
                new AuditDraft(http.Caller().Actor, AuditActions.ApiKeyRevoked, id, "{}"), http.RequestAborted);
            authenticator.Forget(id);
            return result switch
            {
                RevokeApiKeyResult.Revoked => TypedResults.NoContent(),
                RevokeApiKeyResult.LastAdmin => Problems.Of(409, "latch.api-key.last-admin", "This is the last active admin API key.",
                    "Revoking it would leave no key that can call the admin API. "
                    + "Create another admin key (POST /v1/api-keys with role 'admin') first, then revoke this one."),
                _ => Problems.NotFound("api-key", id),
            };
        }).Produces(StatusCodes.Status204NoContent).ProducesProblems(404, 409)
          .WithSummary("Revoke an API key at once. Revoking the last active admin key is refused (409 latch.api-key.last-admin).");
    }
}
