using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Codes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Endpoints;

internal static class CodeEndpoints
{
    public static void MapCodes(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/v1/codes").WithTags("Codes");

        codes.MapPost("", async (HttpContext http, CodeIssuer issuer) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.IssueCodeRequest);
            return problem ?? await issuer.IssueAsync(request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<IssueCodeRequest>().Produces<CodeIssued>(201).ProducesProblems(400, 404, 409)
          .RequireRoles(Role.Admin, Role.Operator).WithSummary("Issue a latch code; the plain code is in this answer only, and not at all when delivered.");

        // The verifier is taken once here rather than per request: asking the request's services for it would
        // create a service scope for every verification.
        var verifier = app.ServiceProvider.GetRequiredService<CodeVerifier>();
        codes.MapPost("/verify", async (HttpContext http) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.VerifyCodeRequest);
            return problem ?? await verifier.VerifyAsync(request!, http.Caller(), http.Connection.RemoteIpAddress, http.RequestAborted);
        }).AcceptsJson<VerifyCodeRequest>().Produces<CodeGranted>().Produces<CodeDenied>(403).ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.Operator, Role.App, Role.Device)
          .WithSummary("Verify and consume a typed code at a resource: 200 {granted: true} or 403 {granted: false, reason}.")
          .WithDescription("A device key verifies only at the resource it is bound to: elsewhere 403 latch.device.not-your-resource " +
              "(a door controller's: latch.door.notYourDoor), and a device key bound to none gets 403 latch.device.unbound-key; the code is not touched.");

        codes.MapOtherMethodsAsNotAllowed("/verify", HttpMethods.Post, HttpMethods.Get, HttpMethods.Delete);

        codes.MapGet("/{id}", async (string id, ILatchStore store, TimeProvider clock, CancellationToken ct) =>
            await store.FindCodeAsync(id, ct) is { } code
                ? TypedResults.Ok(CodeView.Of(code, clock.GetUtcNow().ToUnixMs()))
                : Problems.NotFound("code", id))
            .Produces<CodeView>().ProducesProblems(404)
            .RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("A code's metadata; the code itself can never be read back.");

        codes.MapDelete("/{id}", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var audit = new AuditDraft(http.Caller().Actor, AuditActions.CodeRevoked, id, "{}");
            return await store.RevokeCodeAsync(id, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted) switch
            {
                RevokeResult.NotFound => Problems.NotFound("code", id),
                _ => TypedResults.NoContent(), // Revoking an ended code is a no-op: it already cannot open anything.
            };
        }).Produces(StatusCodes.Status204NoContent).ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator).WithSummary("Revoke one code at once.");

        app.MapPost("/v1/users/{id}/codes/revoke", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var user = await store.FindUserAsync(id, http.RequestAborted);
            if (user is null)
            {
                return Problems.NotFound("user", id);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.CodesRevokedForUser, id, "{}");
            var count = await store.RevokeCodesAsync(new CodeScope.OfUser(user.Pk), clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted);
            return TypedResults.Ok(new RevokedCount(count));
        }).Produces<RevokedCount>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator).WithTags("Codes").WithSummary("Revoke every active code of a user.");

        app.MapPost("/v1/resources/{id}/codes/revoke", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var resource = await ResourceEndpoints.FindAsync(store, id, http.RequestAborted);
            if (resource is null)
            {
                return Problems.NotFound("resource", id);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.CodesRevokedAtResource, id, "{}");
            var count = await store.RevokeCodesAsync(new CodeScope.AtResource(resource.Pk), clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted);
            return TypedResults.Ok(new RevokedCount(count));
        }).Produces<RevokedCount>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator).WithTags("Codes").WithSummary("Revoke every active code at a resource.");
    }
}
