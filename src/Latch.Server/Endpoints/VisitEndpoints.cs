using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Server.Visits;
using Latch.Storage;
using Latch.Storage.Visits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class VisitEndpoints
{
    private const int MaxPage = 500;

    public static void MapVisits(this IEndpointRouteBuilder app)
    {
        var visits = app.MapGroup("/v1/visits").WithTags("Visits");

        visits.MapPost("", async (HttpContext http, VisitScheduler scheduler) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.ScheduleVisitRequest);
            return problem ?? await scheduler.ScheduleAsync(request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<ScheduleVisitRequest>().Produces<VisitView>(201).ProducesProblems(400, 404, 409)
          .RequireRoles(Role.Admin, Role.Operator)
          .WithSummary("Schedule a visit: a code valid only in [start, end], delivered at start − leadMinutes (default 30).");

        visits.MapGet("", async (ILatchStore store, TimeProvider clock, CancellationToken ct, string? userId, string? resourceId, bool? includePast, bool? includeCancelled, int? limit) =>
        {
            if (limit is < 1 or > MaxPage)
            {
                return Problems.Invalid("limit", $"limit must be between 1 and {MaxPage}.");
            }

            var now = clock.GetUtcNow().ToUnixMs();
            var list = await store.ListVisitsAsync(new VisitQuery(userId, resourceId, includePast == true ? null : now, includeCancelled == true, limit ?? 100), ct);
            return TypedResults.Ok(list.Select(v => VisitView.Of(v, now)).ToList());
        }).Produces<List<VisitView>>().ProducesProblems(400).RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
          .WithSummary("Visits that have not ended, soonest first (includePast, includeCancelled widen the list).");

        visits.MapGet("/{id}", async (string id, ILatchStore store, TimeProvider clock, CancellationToken ct) =>
            await store.FindVisitAsync(id, ct) is { } visit ? TypedResults.Ok(VisitView.Of(visit, clock.GetUtcNow().ToUnixMs())) : Problems.NotFound("visit", id))
            .Produces<VisitView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One visit.");

        visits.MapDelete("/{id}", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var audit = new AuditDraft(http.Caller().Actor, AuditActions.VisitCancelled, id, "{}");
            if (await store.CancelVisitAsync(id, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted))
            {
                return TypedResults.NoContent();
            }

            // Cancelling twice changes nothing; an unknown id is an error.
            return await store.FindVisitAsync(id, http.RequestAborted) is null ? Problems.NotFound("visit", id) : TypedResults.NoContent();
        }).Produces(StatusCodes.Status204NoContent).ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator).WithSummary("Cancel a visit: its code is revoked and its delivery cancelled.");
    }
}
