using System.Net;
using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Policies;
using Latch.Core.Throttling;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Hosting;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Codes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.Server.Codes;

/// <summary>
/// Verifies a typed code at a resource (SPEC "Latch codes"):
/// 1. refuse at once while the caller's IP or the resource is throttled;
/// 2. tag the typed value under every key and consume the matching code atomically in the store;
/// 3. when the value matches no code, count it against the IP, the resource and (when the caller names the user) the user's codes;
/// 4. audit the verdict, granted or not, in the same transaction as the consumption.
/// </summary>
internal sealed class CodeVerifier(
    ILatchStore store,
    CodeTagger tagger,
    ResourceIndex resources,
    CodeThrottles throttles,
    TimeProvider clock,
    ILogger<CodeVerifier> logger)
{
    private readonly Func<CodeAttempt, Func<CodeVerdict, AuditDraft>, CancellationToken, Task<CodeVerdict>> _verifyCode = store.VerifyCodeAsync;

    public async Task<IResult> VerifyAsync(VerifyCodeRequest request, Caller caller, IPAddress? remoteIp, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ResourceId) || string.IsNullOrWhiteSpace(request.Code))
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.ResourceId))
            {
                errors["resourceId"] = ["resourceId is required."];
            }

            if (string.IsNullOrWhiteSpace(request.Code))
            {
                errors["code"] = ["code is required."];
            }

            return Problems.Invalid(errors);
        }

        // A door controller's credential verifies codes only at its own door.
        if (caller.DoorId is { } door && door != request.ResourceId)
        {
            return Doors.DoorLookup.NotYourDoor(request.ResourceId);
        }

        // Any other device key verifies only at the resource it is bound to, before anything is tagged or consumed.
        if (DeviceBinding.Refusal(caller, request.ResourceId) is { } refused)
        {
            return refused;
        }

        // A device verifies for itself, from the connection's address. Relaying a person's address is for apps: a device
        // relaying made-up ones could spread its guesses over many addresses' budgets, or spend someone else's.
        if (caller.Role == Role.Device && request.Context?.Ip is not null)
        {
            return Problems.Invalid("context.ip", "A device key verifies from its own address: context.ip is for apps relaying the address of the person they serve.");
        }

        var ip = ClientIp(request.Context?.Ip, remoteIp);
        if (ip is null)
        {
            return Problems.Invalid("context.ip", "context.ip is not an IP address.");
        }

        var resourcePk = await resources.FindAsync(request.ResourceId, ct);
        if (resourcePk is null)
        {
            return Problems.NotFound("resource", request.ResourceId);
        }

        long? userPk = null;
        if (request.Context?.UserId is { } userId)
        {
            userPk = (await store.FindUserAsync(userId, ct))?.Pk;
            if (userPk is null)
            {
                return Problems.NotFound("user", userId);
            }
        }

        var outcome = await GuardedVerifyAsync(request.ResourceId, resourcePk.Value, request.Code, ip, caller, userPk, 0, _verifyCode, ct);
        return outcome switch
        {
            GuardedVerdict.Throttled t => Denied(DenyReason.Throttled, t.RetryAfter),
            GuardedVerdict.Decided { Verdict: CodeVerdict.Granted g } => new JsonAnswer<CodeGranted>(StatusCodes.Status200OK, new CodeGranted(true, g.UserId, g.CodeId), LatchJson.Default.CodeGranted),
            GuardedVerdict.Decided { Verdict: CodeVerdict.Denied d } => Denied(d.Reason, null),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    /// <summary>
    /// Steps 1-4 for any typed code: throttle check, tagging, consumption through <paramref name="consume"/> (which
    /// audits the verdict in its transaction), and failure counting. Challenges verify through here too, so both
    /// paths share one guessing budget per IP and resource.
    /// </summary>
    public async Task<GuardedVerdict> GuardedVerifyAsync(
        string resourceId, long resourcePk, string typed, string ip, Caller caller, long? userPk, long challengePk,
        Func<CodeAttempt, Func<CodeVerdict, AuditDraft>, CancellationToken, Task<CodeVerdict>> consume, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ipTarget = "ip:" + ip;
        var resourceTarget = "resource:" + resourceId;
        if (throttles.PerIp.IsBlocked(ipTarget, now, out var ipWait) | throttles.PerResource.IsBlocked(resourceTarget, now, out var resourceWait))
        {
            await store.AppendAuditAsync(VerifyAudit(caller, resourceId, ip, DenyReason.Throttled, null, null), now.ToUnixMs(), ct);
            return new GuardedVerdict.Throttled(ipWait > resourceWait ? ipWait : resourceWait);
        }

        var verdict = await ConsumeAsync(resourceId, resourcePk, typed, userPk, challengePk, caller, ip, now, consume, ct);

        // A code's first use forgives the failures before it (most likely its holder's typos). Its later uses do not:
        // else a holder of a code of many uses could guess other people's codes between two uses of their own.
        if (verdict is CodeVerdict.Granted { FirstUse: true })
        {
            throttles.PerIp.RecordSuccess(ipTarget);
            throttles.PerResource.RecordSuccess(resourceTarget);
        }
        else if (verdict is CodeVerdict.Denied { Reason: DenyReason.Invalid })
        {
            // Only a value matching no code is a guess; a used, expired or revoked code was really held.
            await CountFailureAsync(throttles.PerIp, ipTarget, caller, now, ct);
            await CountFailureAsync(throttles.PerResource, resourceTarget, caller, now, ct);
        }

        return new GuardedVerdict.Decided(verdict);
    }

    // Not async itself: a code-shaped value goes straight to the store, without another state machine per verification.
    private Task<CodeVerdict> ConsumeAsync(
        string resourceId, long resourcePk, string typed, long? userPk, long challengePk, Caller caller, string ip, DateTimeOffset now,
        Func<CodeAttempt, Func<CodeVerdict, AuditDraft>, CancellationToken, Task<CodeVerdict>> consume, CancellationToken ct)
    {
        var normalized = CodeFormat.Normalize(typed);
        if (normalized is null)
        {
            return NotCodeShapedAsync(resourceId, caller, ip, now, ct);
        }

        var tags = new KeyTag[tagger.Keys.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            var key = tagger.Keys[i];
            tags[i] = new KeyTag(key.Id, tagger.Tag(key, resourceId, normalized));
        }

        var attempt = new CodeAttempt(resourcePk, tags, userPk, now.ToUnixMs(), challengePk);
        return consume(attempt, verdict => verdict switch
        {
            CodeVerdict.Granted g => VerifyAudit(caller, resourceId, ip, null, g.CodeId, g.UserId),
            CodeVerdict.Denied d => VerifyAudit(caller, resourceId, ip, d.Reason, d.CodeId, d.UserId, d.KilledCodeIds),
            _ => throw new InvalidOperationException("Unknown verdict."),
        }, ct);
    }

    // Nothing can match a value that is not code-shaped, but the attempt is still audited and counted.
    private async Task<CodeVerdict> NotCodeShapedAsync(string resourceId, Caller caller, string ip, DateTimeOffset now, CancellationToken ct)
    {
        await store.AppendAuditAsync(VerifyAudit(caller, resourceId, ip, DenyReason.Invalid, null, null), now.ToUnixMs(), ct);
        return new CodeVerdict.Denied(DenyReason.Invalid, null, null, []);
    }

    private async Task CountFailureAsync(FailureThrottle throttle, string target, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (failures, blockStarted) = throttle.RecordFailure(target, now);
        if (!blockStarted || failures != throttle.Rule.FreeFailures && failures < throttle.Rule.HardLimit)
        {
            return;
        }

        // Audited and logged when a block first starts and when the hard limit is reached, not on every failure.
        var seconds = throttle.Rule.DelayAfter(failures).TotalSeconds;
        logger.ThrottleEngaged(target, failures, seconds);
        await store.AppendAuditAsync(new AuditDraft(caller.Actor, AuditActions.ThrottleEngaged, target,
            AuditData.Of(("consecutiveFailures", failures), ("blockedSeconds", (long)seconds))), now.ToUnixMs(), ct);
    }

    private static AuditDraft VerifyAudit(Caller caller, string resourceId, string ip, DenyReason? reason, string? codeId, string? userId, IReadOnlyList<string>? killed = null) =>
        new(caller.Actor, AuditActions.CodeVerified, codeId ?? resourceId, AuditData.Of(
            ("resourceId", resourceId), ("granted", reason is null), ("reason", reason?.WireName()), ("codeId", codeId),
            ("userId", userId), ("ip", ip), ("killedCodes", killed is { Count: > 0 } ? killed : null)));

    private static JsonAnswer<CodeDenied> Denied(DenyReason reason, TimeSpan? retryAfter) =>
        new(StatusCodes.Status403Forbidden, new CodeDenied(false, reason.WireName(), retryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : null),
            LatchJson.Default.CodeDenied, retryAfter);

    public static string? ClientIp(string? relayed, IPAddress? remote)
    {
        if (relayed is null)
        {
            return remote?.ToString() ?? "unknown";
        }

        return NetworkAddress.TryParse(relayed, out var parsed) ? parsed.ToString() : null;
    }
}
