using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Delivery;
using Latch.Server.Delivery.Push;
using Latch.Server.Grants;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Latch.Storage.SignIns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Latch.Server.Access;

/// <summary>
/// Push with number matching (SPEC "Delivery": push, as Microsoft Authenticator does it):
/// 1. <c>send</c> with method push draws a two-digit number, shows it to the sign-in page (the send answer) and
///    posts a signed request with the context (resource, location, time) — never the number — to the companion app;
/// 2. the person types the number into the companion, which answers approve or deny, signed with the same secret;
/// 3. a deny or a wrong number refuses the challenge; an approval lets the app's <c>verify</c> (without a code) take
///    the grant, once.
/// </summary>
internal sealed class PushFlow(
    ILatchStore store,
    PushNotifier notifier,
    PolicyCatalog catalog,
    GrantSigner signer,
    IOptions<PushOptions> options,
    TimeProvider clock)
{
    private const int MaxAnswerBytes = 4096;

    public async Task<IResult> StartAsync(ChallengeRecord challenge, Caller caller, CancellationToken ct)
    {
        var user = await store.FindUserAsync(challenge.UserId, ct);
        var resource = await store.FindResourceAsync(challenge.ResourceId, ct);
        var signIn = await store.FindSignInAsync(challenge.SignInId, ct);
        if (user is null || resource is null || signIn is null)
        {
            return Problems.NotFound(user is null ? "user" : "resource", user is null ? challenge.UserId : challenge.ResourceId);
        }

        var now = clock.GetUtcNow();
        var expiresAt = Math.Min(now.AddSeconds(options.Value.TimeoutSeconds).ToUnixMs(), challenge.ExpiresAt);
        var push = new PushApprovalRecord
        {
            Id = PublicId.New(PublicId.Push),
            ChallengePk = challenge.Pk,
            Number = RandomNumberGenerator.GetInt32(10, 100),
            CreatedAt = now.ToUnixMs(),
            ExpiresAt = expiresAt,
        };
        await store.AddPushApprovalAsync(push, new AuditDraft(caller.Actor, AuditActions.PushSent, push.Id,
            AuditData.Of(("challengeId", challenge.Id), ("userId", user.Id), ("resourceId", resource.Id))), ct);

        var notification = new PushNotification("latch.push.approval", push.Id, challenge.Id, user.Id, user.UserName,
            new PushResource(resource.Id, resource.Name), new PushContext(signIn.Ip, await LocationNameAsync(signIn.Ip, ct), Instants.FromUnixMs(signIn.At)),
            $"/v1/push/{push.Id}/respond", Instants.FromUnixMs(expiresAt));
        if (await notifier.NotifyAsync(notification, ct) is DeliveryOutcome.Failed failed)
        {
            return Problems.Of(503, "latch.delivery.failed", "The companion app could not be reached.",
                $"{Delivery.RemoteText.Clean(failed.Error)}. Send again, or choose another method.");
        }

        return TypedResults.Accepted($"/v1/challenges/{challenge.Id}", new PushSent(challenge.Id, "push", push.Id, push.Number, Instants.FromUnixMs(expiresAt)));
    }

    /// <summary>The companion's answer: signed, once, in time; the number must match the one the sign-in page shows.</summary>
    public async Task<IResult> RespondAsync(string id, HttpContext http)
    {
        var ct = http.RequestAborted;
        var body = new byte[MaxAnswerBytes + 1];
        var length = await http.Request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
        if (length > MaxAnswerBytes)
        {
            return Problems.TooLarge();
        }

        if (!notifier.IsSigned(http.Request.Headers[Delivery.Webhooks.WebhookSignature.Header], body.AsSpan(0, length)))
        {
            return Problems.Of(401, "latch.push.bad-signature", "The answer is not signed by the companion.",
                "Sign the raw body with the push secret in the Latch-Signature header (t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, \"t.\" + body))).");
        }

        PushResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body.AsSpan(0, length), LatchJson.Default.PushResponse);
        }
        catch (JsonException)
        {
            return Problems.MalformedJson("The answer must be {\"pushId\": \"psh_…\", \"number\": 42, \"approve\": true}.");
        }

        if (answer?.PushId != id)
        {
            return Problems.Invalid("pushId", "pushId must name the push in the path: a signed answer is good for its own push only.");
        }

        if (answer.Approve is not { } approve || (approve && answer.Number is null))
        {
            return Problems.Invalid("approve", "approve is required, and number with it when approving.");
        }

        var push = await store.FindPushApprovalAsync(id, ct);
        if (push is null)
        {
            return Problems.NotFound("push", id);
        }

        var now = clock.GetUtcNow().ToUnixMs();
        if (push.State != PushApprovalRecord.Pending)
        {
            return Problems.Conflict("latch.push.answered", "This push was already answered or replaced.");
        }

        var state = !approve ? PushApprovalRecord.Denied : NumberMatches(push.Number, answer.Number!.Value) ? PushApprovalRecord.Approved : PushApprovalRecord.WrongNumber;
        var action = state switch
        {
            PushApprovalRecord.Approved => AuditActions.PushApproved,
            PushApprovalRecord.Denied => AuditActions.PushDenied,
            _ => AuditActions.PushWrongNumber,
        };
        var audit = new AuditDraft("push:" + id, action, push.ChallengeId, AuditData.Of(("pushId", id)));
        if (!await store.AnswerPushAsync(id, push.ChallengePk, state, now, audit, ct))
        {
            return Problems.Of(410, "latch.push.expired", "The push has expired.", "Sign in again for a new request.");
        }

        return TypedResults.Ok(new PushAnswered(id, state == PushApprovalRecord.Approved ? "approved" : state == PushApprovalRecord.Denied ? "denied" : "wrongNumber"));
    }

    /// <summary>The app's <c>verify</c> without a code: the grant, if the companion approved with the right number.</summary>
    public async Task<IResult> CompleteAsync(ChallengeRecord challenge, Caller caller, CancellationToken ct)
    {
        var requirements = JsonSerializer.Deserialize(challenge.Requirements, LatchJson.Default.IReadOnlyListString) ?? [];
        var (session, grant) = SessionGrants.Start(signer, challenge.UserId, challenge.ResourceId, challenge.SignInId, requirements,
            TimeSpan.FromSeconds(challenge.GrantTtlSeconds));
        var completion = new ChallengeGrant(challenge.Pk, challenge.SignInPk, session);
        return await store.CompleteChallengeByPushAsync(completion, clock.GetUtcNow().ToUnixMs(), SessionGrants.StartedAudit(caller, session, challenge.SignInId), ct)
            ? TypedResults.Ok(new ChallengeVerdictView("allow", null, grant))
            : new JsonAnswer<ChallengeVerdictView>(StatusCodes.Status403Forbidden, new ChallengeVerdictView("deny", "notApproved", null), LatchJson.Default.ChallengeVerdictView);
    }

    private static bool NumberMatches(int expected, int given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)),
            Encoding.ASCII.GetBytes(given.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<string?> LocationNameAsync(string? ip, CancellationToken ct)
    {
        if (ip is null || !NetworkAddress.TryParse(ip, out var address))
        {
            return null;
        }

        return (await catalog.CurrentAsync(ct)).Set.LocationContaining(address)?.Name;
    }
}
