using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class AuditEndpoints
{
    private const int MaxPage = 1000;

    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/v1/audit").WithTags("Audit").RequireRoles(Role.Admin, Role.Auditor);

        audit.MapGet("", async (long? after, int? limit, ILatchStore store, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            if (after is < 0)
            {
                errors.Add("after", "after must be 0 or more.");
            }

            if (limit is < 1 or > MaxPage)
            {
                errors.Add("limit", $"limit must be between 1 and {MaxPage}.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var entries = await store.ReadAuditAsync(after ?? 0, limit ?? 100, ct);
            var next = entries.Count == (limit ?? 100) ? entries[^1].Seq : (long?)null;
            return TypedResults.Ok(new AuditPage([.. entries.Select(AuditEntryView.Of)], next));
        }).Produces<AuditPage>().ProducesProblems(400).WithSummary("Audit entries in order, a page at a time (after = last seq seen).");

        audit.MapGet("/verify", async (ILatchStore store, CancellationToken ct) =>
        {
            var walk = new AuditChainWalk();
            long read = 0;
            await foreach (var entry in store.ReadAllAuditAsync(ct))
            {
                read++;
                if (!walk.Accept(entry))
                {
                    return TypedResults.Ok(new AuditVerification(false, read, entry.Seq));
                }
            }

            return TypedResults.Ok(new AuditVerification(true, read, null));
        }).WithSummary("Recompute the hash chain; names the first entry that does not hold.");
    }
}
