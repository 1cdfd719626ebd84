using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Http;

/// <summary>
/// A literal action path such as <c>/v1/codes/verify</c> beside an <c>/{id}</c> route: routing prefers the literal only
/// for the methods it serves, so <c>GET /v1/codes/verify</c> would look up a code with the id "verify" and answer 404.
/// </summary>
internal static class ActionPaths
{
    /// <summary>Answers 405 with <paramref name="allow"/> for <paramref name="methods"/>, the ones the <c>/{id}</c> route serves.</summary>
    public static void MapOtherMethodsAsNotAllowed(this IEndpointRouteBuilder group, string action, string allow, params string[] methods) =>
        group.MapMethods(action, methods, (HttpContext http) =>
        {
            // No body: the status-code handler writes the same 405 problem routing's own 405 gets.
            http.Response.Headers.Allow = allow;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).ExcludeFromDescription();
}
