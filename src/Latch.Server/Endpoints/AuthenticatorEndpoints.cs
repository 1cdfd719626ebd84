using Latch.Core.Access;
using Latch.Server.Auth;
using Latch.Server.Authenticators;
using Latch.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class AuthenticatorEndpoints
{
    public static void MapAuthenticators(this IEndpointRouteBuilder app)
    {
        var authenticators = app.MapGroup("/v1/users/{id}/authenticators").WithTags("Authenticators");

        authenticators.MapPost("/totp", async (string id, HttpContext http, TotpEnrollment enrollment) =>
        {
            var (request, problem) = await JsonBody.ReadOptionalAsync(http, LatchJson.Default.EnrollTotpRequest);
            return problem ?? await enrollment.EnrollAsync(id, request ?? new EnrollTotpRequest(), http.Caller(), http.RequestAborted);
        }).AcceptsJson<EnrollTotpRequest>().Produces<TotpEnrolled>(201).ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.Operator)
          .WithSummary("Enroll an authenticator app: the only answer carrying its secret, as an otpauth:// URI and a QR code (SVG).");

        authenticators.MapPost("/{authId}/activate", async (string id, string authId, HttpContext http, TotpEnrollment enrollment) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.ActivateAuthenticatorRequest);
            return problem ?? await enrollment.ActivateAsync(id, authId, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<ActivateAuthenticatorRequest>().Produces<AuthenticatorView>().ProducesProblems(400, 404, 409, 429)
          .RequireRoles(Role.Admin, Role.Operator)
          .WithSummary("Activate a pending authenticator with the first code it shows (400 latch.authenticator.wrong-code otherwise).");

        authenticators.MapGet("", (string id, TotpEnrollment enrollment, CancellationToken ct) => enrollment.ListAsync(id, ct))
            .Produces<List<AuthenticatorView>>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor)
            .WithSummary("A user's authenticators (never their secrets).");

        authenticators.MapDelete("/{authId}", (string id, string authId, HttpContext http, TotpEnrollment enrollment) =>
            enrollment.DeleteAsync(id, authId, http.Caller(), http.RequestAborted))
            .Produces(204).ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator)
            .WithSummary("Remove an authenticator and its secret.");
    }
}
