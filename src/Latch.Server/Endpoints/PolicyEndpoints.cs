using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class PolicyEndpoints
{
    public static void MapPolicies(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/v1/policies").WithTags("Policies");

        policies.MapPost("", async (HttpContext http, PolicyEditor editor, bool? force) =>
        {
            var (document, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.PolicyDocument);
            return problem ?? await editor.CreateAsync(document!, force == true, http.Caller(), http.RequestAborted);
        }).AcceptsJson<PolicyDocument>().Produces<PolicyDocument>(201).ProducesProblems(400, 409)
          .RequireRoles(Role.Admin)
          .WithSummary("Create a policy. A change that would block every admin is refused (409 latch.policy.lockout) unless ?force=true.");

        policies.MapGet("", async (ILatchStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListPoliciesAsync(ct)).Select(r => PolicyEditor.View(r, PolicyCatalog.ToPolicy(r).Definition)).ToList()))
            .Produces<List<PolicyDocument>>().RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("All policies, oldest first.");

        policies.MapOtherMethodsAsNotAllowed("/what-if", HttpMethods.Post, HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete);
        policies.MapOtherMethodsAsNotAllowed("/impact", HttpMethods.Post, HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete);

        policies.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindPolicyAsync(id, ct) is { } record
                ? TypedResults.Ok(PolicyEditor.View(record, PolicyCatalog.ToPolicy(record).Definition))
                : Problems.NotFound("policy", id))
            .Produces<PolicyDocument>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One policy.");

        policies.MapPut("/{id}", async (string id, HttpContext http, PolicyEditor editor, bool? force) =>
        {
            var (document, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.PolicyDocument);
            return problem ?? await editor.ReplaceAsync(id, document!, force == true, http.Caller(), http.RequestAborted);
        }).AcceptsJson<PolicyDocument>().Produces<PolicyDocument>().ProducesProblems(400, 404, 409)
          .RequireRoles(Role.Admin)
          .WithSummary("Replace a policy; the previous version is kept. Give 'version' to refuse the save if someone else saved first.");

        policies.MapDelete("/{id}", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var caller = http.Caller();
            var audit = new AuditDraft(caller.Actor, AuditActions.PolicyDeleted, id, "{}");
            return await store.DeletePolicyAsync(id, clock.GetUtcNow().ToUnixMs(), caller.Actor, audit, http.RequestAborted)
                ? TypedResults.NoContent()
                : Problems.NotFound("policy", id);
        }).Produces(StatusCodes.Status204NoContent).ProducesProblems(404).RequireRoles(Role.Admin).WithSummary("Delete a policy; its version history stays.");

        policies.MapGet("/{id}/versions", async (string id, ILatchStore store, CancellationToken ct) =>
        {
            var versions = await store.ListPolicyVersionsAsync(id, ct);
            return versions.Count == 0
                ? Problems.NotFound("policy", id)
                : TypedResults.Ok(versions.Select(PolicyVersionView.Of).ToList());
        }).Produces<List<PolicyVersionView>>().ProducesProblems(404)
          .RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("Every saved version of a policy, oldest first, with who saved it.");

        policies.MapPost("/what-if", async (HttpContext http, AccessEvaluator evaluator) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.EvaluateRequest);
            return problem ?? await evaluator.WhatIfAsync(request!, http.RequestAborted);
        }).AcceptsJson<EvaluateRequest>().Produces<EvaluationView>().ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
          .WithSummary("Evaluate as evaluate would, storing nothing; context.at, signInRisk and userRisk may be simulated, and draft policies tried.");

        policies.MapPost("/impact", async (HttpContext http, ImpactReplay replay) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.ImpactRequest);
            return problem ?? await replay.ReplayAsync(request!, http.RequestAborted);
        }).AcceptsJson<ImpactRequest>().Produces<ImpactView>().ProducesProblems(400)
          .RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
          .WithSummary("Replay the sign-ins of [from, to) against draft policies: how many decisions would change, and for whom.");
    }
}
