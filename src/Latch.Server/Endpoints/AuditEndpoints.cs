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

        audit.MapGet("", async (long? after, long? before, string? order, int? limit, ILatchStore store, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var newest = order switch { null or "oldest" => false, "newest" => true, _ => (bool?)null };
            if (newest is null)
            {
                errors.Add("order", "order must be 'oldest' or 'newest'.");
            }

            if (after is < 0)
            {
                errors.Add("after", "after must be 0 or more.");
            }

            if (after is not null && newest == true)
            {
                errors.Add("after", "after pages oldest first; with order=newest, page with before.");
            }

            if (before is not null && newest == false)
            {
                errors.Add("before", "before pages newest first: add order=newest.");
            }

            if (limit is < 1 or > MaxPage)
            {
                errors.Add("limit", $"limit must be between 1 and {MaxPage}.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var entries = newest == true
                ? await store.ReadAuditBeforeAsync(before ?? long.MaxValue, limit ?? 100, ct)
                : await store.ReadAuditAsync(after ?? 0, limit ?? 100, ct);
            var next = entries.Count == (limit ?? 100) ? entries[^1].Seq : (long?)null;
            return TypedResults.Ok(new AuditPage([.. entries.Select(AuditEntryView.Of)], next));
        }).Produces<AuditPage>().ProducesProblems(400).WithSummary("Audit entries a page at a time, oldest first (after = the last seq seen) " +
            "or, with order=newest, newest first (before = the last seq seen); next is that seq for the following page.");

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
