using Latch.Server.Http;
using Latch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("ok"))).WithTags("Health").WithSummary("The process is up.");

        app.MapGet("/readyz", async (ILatchStore store, CancellationToken ct) =>
        {
            try
            {
                return await store.IsReadyAsync(ct) ? TypedResults.Ok(new HealthStatus("ready")) : NotReady();
            }
#pragma warning disable CA1031 // Any store failure means "not ready"; the probe must answer, not throw.
            catch (Exception)
#pragma warning restore CA1031
            {
                return NotReady();
            }
        }).Produces<HealthStatus>().ProducesProblems(503).WithTags("Health").WithSummary("The store answers.");
    }

    private static IResult NotReady() =>
        Problems.Of(503, "latch.store.unavailable", "The store is not reachable.", "Latch cannot reach its database; check the store and its connection string.");
}
