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

internal static class ResourceEndpoints
{
    private static readonly string[] Kinds = ["app", "door", "device"];

    internal static void CheckKind(ResourceRecord resource, FieldErrors errors)
    {
        if (!Kinds.Contains(resource.Kind))
        {
            errors.Add("kind", "kind must be 'app', 'door' or 'device'.");
        }
    }

    /// <summary>The resource with this public id; null for an unknown id, or one not shaped like a resource's.</summary>
    internal static async Task<ResourceRecord?> FindAsync(ILatchStore store, string? id, CancellationToken ct) =>
        PublicId.HasShape(id, PublicId.Resource) ? await store.FindResourceAsync(id!, ct) : null;

    private static readonly string[] Sensitivities = ["low", "medium", "high"];

    public static void MapResources(this IEndpointRouteBuilder app)
    {
        var resources = app.MapGroup("/v1/resources").WithTags("Directory");

        resources.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateResourceRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var resource = new ResourceRecord
            {
                Id = PublicId.New(PublicId.Resource),
                Name = errors.Required("name", request!.Name),
                Kind = request.Kind ?? "",
                Sensitivity = request.Sensitivity ?? "medium",
                CreatedAt = clock.GetUtcNow().ToUnixMs(),
            };
            CheckKind(resource, errors);

            if (!Sensitivities.Contains(resource.Sensitivity))
            {
                errors.Add("sensitivity", "sensitivity must be 'low', 'medium' or 'high'.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.ResourceCreated, resource.Id, AuditData.Of(("name", resource.Name), ("kind", resource.Kind)));
            return await store.AddResourceAsync(resource, audit, http.RequestAborted) switch
            {
                AddResult<ResourceRecord>.Added added => TypedResults.Created($"/v1/resources/{added.Row.Id}", ResourceView.Of(added.Row)),
                _ => Problems.Conflict("latch.resource.exists", $"A resource named '{Problems.Shorten(resource.Name)}' already exists."),
            };
        }).AcceptsJson<CreateResourceRequest>().Produces<ResourceView>(201).ProducesProblems(400, 409)
          .RequireRoles(Role.Admin).WithSummary("Create a protected resource: an app, a door or a device.");

        resources.MapGet("", async (ILatchStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListResourcesAsync(1000, ct)).Select(ResourceView.Of).ToList()))
            .RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("Resources, oldest first (at most 1000).");

        resources.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindResourceAsync(id, ct) is { } resource ? TypedResults.Ok(ResourceView.Of(resource)) : Problems.NotFound("resource", id))
            .Produces<ResourceView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One resource.");
    }
}
