using Latch.Core.Access;
using Latch.Server.Auth;
using Latch.Server.Delivery;
using Latch.Server.Http;
using Latch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class DeliveryEndpoints
{
    public static void MapDeliveries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/deliveries/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindDeliveryAsync(id, ct) is { } delivery
                ? TypedResults.Ok(DeliveryStatusView.Of(delivery, await store.ListDeliveryAttemptsAsync(id, ct)))
                : Problems.NotFound("delivery", id))
            .Produces<DeliveryStatusView>().ProducesProblems(404).WithTags("Delivery")
            .RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
            .WithSummary("A queued message's state, attempts and last error; never the code.");
    }
}
