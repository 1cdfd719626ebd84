using System.Net;
using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Authenticators;
using Latch.Server.Codes;
using Latch.Server.Grants;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Codes;
using Latch.Storage.SignIns;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Access;

/// <summary>
/// A challenge's step-up: <c>send</c> issues a code bound to the challenge and delivers it (each send replaces the
/// previous code); <c>verify</c> consumes that code and, in the same transaction, satisfies the challenge and starts
/// the session whose signed grant it answers with.
/// </summary>
internal sealed class ChallengeFlow(
    ILatchStore store,
    CodeIssuer issuer,
    CodeVerifier verifier,
    GrantSigner signer,
    PushFlow push,
    TotpVerifier totp,
    TimeProvider clock)
{
    public async Task<IResult> SendAsync(string id, SendChallengeRequest request, Caller caller, CancellationToken ct)
    {
        if (request.Method == TotpVerifier.Method)
        {
            return Problems.Of(400, "latch.challenge.no-send", "Nothing is sent for totp.",
                "Read the code from your authenticator app and answer the challenge with it.");
        }

        var (challenge, problem) = await OpenAsync(id, ct);
        if (problem is not null)
        {
            return problem;
        }

        var methods = JsonSerializer.Deserialize(challenge!.Methods, LatchJson.Default.IReadOnlyListString) ?? [];
        if (request.Method is null || !methods.Contains(request.Method))
        {
            return Problems.Invalid("method", methods.Count == 0
                ? "No delivery method can reach this user on this server."
                : $"method must be one of the challenge's methods: {string.Join(", ", methods)}.");
        }

        if (request.Method == "push")
        {
            return await push.StartAsync(challenge, caller, ct);
        }

        var user = await store.FindUserAsync(challenge.UserId, ct);
        var resource = await store.FindResourceAsync(challenge.ResourceId, ct);
        if (user is null || resource is null)
        {
            return Problems.NotFound(user is null ? "user" : "resource", user is null ? challenge.UserId : challenge.ResourceId);
        }

        // The challenge offered the method, but the channel may be gone since (configuration) or the user's address removed.
        if (issuer.Unreachable(request.Method, user, "method") is { } unreachable)
        {
            return unreachable;
        }

        var now = Instants.FromUnixMs(clock.GetUtcNow().ToUnixMs());
        var notAfter = Min(now.AddSeconds(challenge.CodeTtlSeconds), Instants.FromUnixMs(challenge.ExpiresAt));

        // Only the latest code answers a challenge: a re-send retires the one sent before.
        await store.RevokeCodesAsync(new CodeScope.OfChallenge(challenge.Pk), now.ToUnixMs(),
            new AuditDraft(caller.Actor, AuditActions.ChallengeSent, challenge.Id, AuditData.Of(("method", request.Method))), ct);
        var draft = new CodeDraft(user, resource, CodeFormat.Default, now, notAfter, 1, 1, request.Method, challenge.Pk, challenge.Id);
        if (await issuer.StoreAsync(draft, caller, now, ct) is not { } drawn)
        {
            return CodeIssuer.SpaceExhausted();
        }

        // Accepted: the message is queued with the code, and the dispatcher sends it (GET /v1/deliveries/{id} follows it).
        return TypedResults.Accepted($"/v1/challenges/{challenge.Id}", new ChallengeSent(challenge.Id, request.Method, drawn.Id, notAfter, drawn.Delivery));
    }

    public async Task<IResult> VerifyAsync(string id, VerifyChallengeRequest request, Caller caller, IPAddress? remoteIp, CancellationToken ct)
    {
        var (challenge, problem) = await OpenAsync(id, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request.Code is null)
        {
            // Without a code, verify collects what the companion app approved (push with number matching).
            if (!challenge!.Methods.Contains("\"push\"", StringComparison.Ordinal))
            {
                return Problems.Invalid("code", "code is required.");
            }

            try
            {
                return await push.CompleteAsync(challenge, caller, ct);
            }
            catch (ChallengeClosedException)
            {
                return await ClosedMeanwhileAsync(id, ct);
            }
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Problems.Invalid("code", "code is required.");
        }

        var requirements = JsonSerializer.Deserialize(challenge!.Requirements, LatchJson.Default.IReadOnlyListString) ?? [];
        var (session, grant) = SessionGrants.Start(signer, challenge.UserId, challenge.ResourceId, challenge.SignInId, requirements,
            TimeSpan.FromSeconds(challenge.GrantTtlSeconds));
        var completion = new ChallengeGrant(challenge.Pk, challenge.SignInPk, session);
        var sessionAudit = SessionGrants.StartedAudit(caller, session, challenge.SignInId);
        var ip = remoteIp?.ToString() ?? "unknown";

        // A challenge offering totp first tries the typed value as the user's authenticator code; null: not one.
        var offersTotp = (JsonSerializer.Deserialize(challenge.Methods, LatchJson.Default.IReadOnlyListString) ?? []).Contains(TotpVerifier.Method);
        GuardedVerdict outcome;
        try
        {
            outcome = (offersTotp ? await totp.TryVerifyAsync(challenge, request.Code, ip, caller, completion, sessionAudit, ct) : null)
                ?? await verifier.GuardedVerifyAsync(challenge.ResourceId, challenge.ResourcePk, request.Code, ip, caller,
                challenge.UserPk, challenge.Pk, (attempt, audit, token) => store.VerifyChallengeCodeAsync(attempt, completion, audit, sessionAudit, token), ct);
        }
        catch (ChallengeClosedException)
        {
            return await ClosedMeanwhileAsync(id, ct);
        }

        return outcome switch
        {
            GuardedVerdict.Decided { Verdict: CodeVerdict.Granted } => TypedResults.Ok(new ChallengeVerdictView("allow", null, grant)),
            GuardedVerdict.Decided { Verdict: CodeVerdict.Denied d } => Refused(d.Reason.WireName(), null),
            GuardedVerdict.Throttled t => Refused(DenyReason.Throttled.WireName(), t.RetryAfter),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    /// <summary>The challenge, if it exists, is still pending, and has not expired.</summary>
    private async Task<(ChallengeRecord? Challenge, IResult? Problem)> OpenAsync(string id, CancellationToken ct)
    {
        var challenge = await store.FindChallengeAsync(id, ct);
        if (challenge is null)
        {
            return (null, Problems.NotFound("challenge", id));
        }

        if (challenge.State == ChallengeRecord.Refused)
        {
            return (null, Problems.Conflict("latch.challenge.refused", "The person denied this request or typed a wrong number; evaluate again for a new one."));
        }

        if (challenge.State != ChallengeRecord.Pending)
        {
            return (null, Problems.Conflict("latch.challenge.satisfied", "This challenge was already answered; evaluate again for a new one."));
        }

        if (challenge.ExpiresAt <= clock.GetUtcNow().ToUnixMs())
        {
            return (null, Problems.Of(410, "latch.challenge.expired", "The challenge has expired.",
                $"It expired at {Instants.FromUnixMs(challenge.ExpiresAt):O}; evaluate the access request again."));
        }

        return (challenge, null);
    }

    /// <summary>The answer for a challenge that a push or another answer closed after it was read: what it is now.</summary>
    private async Task<IResult> ClosedMeanwhileAsync(string id, CancellationToken ct) =>
        (await OpenAsync(id, ct)).Problem ?? Problems.Conflict("latch.challenge.satisfied", "This challenge was already answered; evaluate again for a new one.");

    private static JsonAnswer<ChallengeVerdictView> Refused(string reason, TimeSpan? retryAfter) =>
        new(StatusCodes.Status403Forbidden, new ChallengeVerdictView("deny", reason, null), LatchJson.Default.ChallengeVerdictView, retryAfter);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
