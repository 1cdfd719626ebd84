using Latch.Server.Grants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class JwksEndpoints
{
    /// <summary>
    /// Relying parties may cache the key set for five minutes. A new grant key signs only after a restart, and
    /// older keys stay published, so a cached set lags by at most one rotation: a validator that meets an unknown
    /// <c>kid</c> should fetch the set again.
    /// </summary>
    private const string CacheControl = "public, max-age=300";

    public static void MapJwks(this IEndpointRouteBuilder app) =>
        app.MapGet("/.well-known/jwks.json", (GrantSigner signer, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = CacheControl;
            return TypedResults.Ok(signer.Jwks);
        }).WithTags("Grants").WithSummary("The public keys that validate grants (JWK Set, RFC 7517).");
}
