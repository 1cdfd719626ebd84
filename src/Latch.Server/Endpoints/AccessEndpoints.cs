using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Delivery.Push;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Codes;
using Latch.Storage.SignIns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class AccessEndpoints
{
    private const int MaxPage = 500;

    public static void MapAccess(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/access/evaluate", async (HttpContext http, AccessEvaluator evaluator) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.EvaluateRequest);
            return problem ?? await evaluator.EvaluateAsync(request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<EvaluateRequest>().Produces<EvaluationView>().ProducesProblems(400, 404)
          .RequireRoles(Role.Admin, Role.App).WithTags("Access")
          .WithSummary("May this user open this resource now? allow (with a grant), block, or challenge (with the methods that can satisfy it).");

        var challenges = app.MapGroup("/v1/challenges").WithTags("Access");
        challenges.MapPost("/{id}/send", async (string id, HttpContext http, ChallengeFlow flow) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.SendChallengeRequest);
            return problem ?? await flow.SendAsync(id, request!, http.Caller(), http.RequestAborted);
        }).AcceptsJson<SendChallengeRequest>().Produces<ChallengeSent>(202).ProducesProblems(400, 404, 409, 410, 503)
          .RequireRoles(Role.Admin, Role.App).WithSummary("Send the challenge's code by one of its methods; a new send replaces the previous code.")
          .WithDescription("The 202 answer is a ChallengeSent, except for the method push: then it is {challengeId, method, pushId, number, " +
              "expiresAt} (PushSent), and the sign-in page shows the number that the person confirms on the companion app.");

        challenges.MapPost("/{id}/verify", async (string id, HttpContext http, ChallengeFlow flow) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.VerifyChallengeRequest);
            return problem ?? await flow.VerifyAsync(id, request!, http.Caller(), http.Connection.RemoteIpAddress, http.RequestAborted);
        }).AcceptsJson<VerifyChallengeRequest>().Produces<ChallengeVerdictView>().Produces<ChallengeVerdictView>(403)
          .ProducesProblems(400, 404, 409, 410).RequireRoles(Role.Admin, Role.App)
          .WithSummary("Answer a challenge with its code: 200 {decision: allow, grant} or 403 {decision: deny, reason}.");

        // No API key: the companion app signs its answer with the push secret instead.
        app.MapPost("/v1/push/{id}/respond", (string id, HttpContext http, PushFlow push) => push.RespondAsync(id, http))
            .Accepts<PushResponse>("application/json").Produces<PushAnswered>().ProducesProblems(400, 401, 404, 409, 410, 413).WithTags("Access")
            .WithSummary("The companion app approves or denies a push with the number the sign-in page shows (header Latch-Signature).");

        var sessions = app.MapGroup("/v1/sessions").WithTags("Access");
        sessions.MapGet("/{id}", async (string id, ILatchStore store, TimeProvider clock, CancellationToken ct) =>
            await store.FindSessionAsync(id, ct) is { } session
                ? TypedResults.Ok(SessionViews.Of(session, clock.GetUtcNow().ToUnixMs()))
                : Problems.NotFound("session", id))
            .Produces<SessionView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor, Role.App)
            .WithSummary("Whether a session still stands: active, expired or revoked.");

        sessions.MapPost("/{id}/revoke", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadOptionalAsync(http, LatchJson.Default.RevokeSessionRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var reason = errors.Optional("reason", request?.Reason);
            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var caller = http.Caller();
            var now = clock.GetUtcNow().ToUnixMs();
            var audit = new AuditDraft(caller.Actor, AuditActions.SessionRevoked, id, AuditData.Of(("reason", reason)));
            return await store.RevokeSessionAsync(id, now, caller.Actor, reason, audit, http.RequestAborted) switch
            {
                RevokeResult.NotFound => Problems.NotFound("session", id),
                _ => TypedResults.Ok(SessionViews.Of((await store.FindSessionAsync(id, http.RequestAborted))!, now)),
            };
        }).Accepts<RevokeSessionRequest>(isOptional: true, "application/json").Produces<SessionView>().ProducesProblems(400, 404, 408, 413, 415)
          .RequireRoles(Role.Admin, Role.Operator)
          .WithSummary("End a session now; revoking an ended session changes nothing.");

        app.MapGet("/v1/sign-ins", async (
            ILatchStore store, CancellationToken ct, string? userId, string? resourceId, DateTimeOffset? from, DateTimeOffset? to,
            string? decision, string? cursor, int? limit) =>
        {
            var errors = new FieldErrors();
            if (decision is not null and not ("allow" or "block" or "challenge"))
            {
                errors.Add("decision", "decision must be allow, block or challenge.");
            }

            long? before = null;
            if (cursor is not null)
            {
                if (long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pk))
                {
                    before = pk;
                }
                else
                {
                    errors.Add("cursor", "cursor must be the 'next' value of a previous page.");
                }
            }

            if (limit is < 1 or > MaxPage)
            {
                errors.Add("limit", $"limit must be between 1 and {MaxPage}.");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var size = limit ?? 100;
            var page = await store.ListSignInsAsync(new SignInQuery(userId, resourceId, from?.ToUnixMs(), to?.ToUnixMs(), decision, before, size), ct);
            var next = page.Count == size ? page[^1].Pk.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return TypedResults.Ok(new SignInPage([.. page.Select(SignInViews.Of)], next));
        }).Produces<SignInPage>().ProducesProblems(400).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithTags("Access")
          .WithSummary("The sign-in log, newest first, filtered by user, resource, time range [from, to) and decision; 'next' continues the list.");

        app.MapGet("/v1/sign-ins/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindSignInAsync(id, ct) is { } signIn ? TypedResults.Ok(SignInViews.Of(signIn)) : Problems.NotFound("sign-in", id))
            .Produces<SignInView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithTags("Access")
            .WithSummary("One sign-in with its per-policy verdicts (the Conditional Access tab) and challenge outcome.");
    }
}
