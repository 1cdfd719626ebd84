using System.Net;
using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Policies;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Latch.Storage.Codes;
using Latch.Storage.Doors;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Doors;

/// <summary>
/// A code typed at a keypad and forwarded by the door's controller (issue 5, "Online unlock"):
/// 1. find the holder of the active code with that value at the door, without consuming it;
/// 2. run the door's conditional-access policies for that holder (resource = the door, client app keypad, no IP): a block
///    answers <c>policy</c> and leaves the code unused — it was really held, so the failure is not counted as a guess;
/// 3. otherwise verify and consume through the code path (throttling, atomic use), restricted to that holder, and audit
///    <c>door.open</c> / <c>door.deny</c> in the consumption's transaction.
/// A requireCode policy is met by the typed code itself; a requirement a keypad cannot meet (a compliant device) blocks.
/// </summary>
internal sealed class DoorUnlock(
    ILatchStore store,
    DoorLookup doors,
    CodeTagger tagger,
    CodeVerifier verifier,
    CodeThrottles throttles,
    PolicyCatalog catalog,
    FactsResolver facts,
    TimeProvider clock)
{
    public async Task<IResult> UnlockAsync(string doorId, UnlockRequest request, Caller caller, IPAddress? remoteIp, CancellationToken ct)
    {
        var (door, controller, problem) = await doors.ForControllerAsync(doorId, caller, ct);
        if (door is null || controller is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Problems.Invalid("code", "code is required: the digits typed at the keypad.");
        }

        var ip = CodeVerifier.ClientIp(null, remoteIp)!;
        var now = clock.GetUtcNow();
        var holder = await PeekAsync(door, request.Code, now, ct);
        if (holder is not null && !Throttled(door.Id, ip, now) && await BlockingPolicyAsync(holder.UserId, door.Id, ct) is { } policy)
        {
            await store.AppendAuditAsync(Audit(caller, door, controller, AuditActions.DoorDeny, holder.UserId, holder.CodeId, "policy", policy), now.ToUnixMs(), ct);
            await store.RecordDoorLastEventAsync(door.Config, AuditActions.DoorDeny, now.ToUnixMs(), holder.UserId, ct);
            return Denied("policy", policy, null);
        }

        var audited = false;
        var outcome = await verifier.GuardedVerifyAsync(door.Id, door.Pk, request.Code, ip, caller, holder?.UserPk, 0, (attempt, _, token) =>
        {
            audited = true;
            // At the instant the holder was looked up: a code that became valid since (typed at its very notBefore) must
            // not open without the holder's policies having run.
            return store.VerifyCodeAsync(attempt with { NowMs = now.ToUnixMs() }, verdict => verdict switch
            {
                CodeVerdict.Granted g => Audit(caller, door, controller, AuditActions.DoorOpen, g.UserId, g.CodeId, null, null),
                CodeVerdict.Denied d => Audit(caller, door, controller, AuditActions.DoorDeny, d.UserId, d.CodeId, d.Reason.WireName(), null),
                _ => throw new InvalidOperationException("Unknown verdict."),
            }, token);
        }, ct);

        var (action, userId, result) = outcome switch
        {
            GuardedVerdict.Decided { Verdict: CodeVerdict.Granted g } =>
                (AuditActions.DoorOpen, g.UserId, (IResult)TypedResults.Ok(new UnlockOpened(true, g.UserId, g.CodeId))),
            GuardedVerdict.Decided { Verdict: CodeVerdict.Denied d } => (AuditActions.DoorDeny, d.UserId, Denied(d.Reason.WireName(), null, null)),
            GuardedVerdict.Throttled t => (AuditActions.DoorDeny, null, Denied(DenyReason.Throttled.WireName(), null, t.RetryAfter)),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };

        if (!audited)
        {
            // Throttled, or not code-shaped: the code path audited the attempt; the door's own entry follows.
            await store.AppendAuditAsync(Audit(caller, door, controller, action, null, null,
                outcome is GuardedVerdict.Throttled ? DenyReason.Throttled.WireName() : DenyReason.Invalid.WireName(), null), now.ToUnixMs(), ct);
        }

        await store.RecordDoorLastEventAsync(door.Config, action, now.ToUnixMs(), userId, ct);
        return result;
    }

    private async Task<CodeHolder?> PeekAsync(DoorContext door, string typed, DateTimeOffset now, CancellationToken ct)
    {
        if (CodeFormat.Normalize(typed) is not { } normalized)
        {
            return null;
        }

        var tags = tagger.Keys.Select(k => new KeyTag(k.Id, tagger.Tag(k, door.Id, normalized))).ToList();
        return await store.PeekCodeHolderAsync(door.Pk, tags, now.ToUnixMs(), ct);
    }

    // A policy answer says the code is real: while the caller or the door is throttled, say only "throttled".
    private bool Throttled(string doorId, string ip, DateTimeOffset now) =>
        throttles.PerIp.IsBlocked("ip:" + ip, now, out _) | throttles.PerResource.IsBlocked("resource:" + doorId, now, out _);

    /// <summary>The name of the enforced policy that blocks the holder at this door now, or null when none does.</summary>
    private async Task<string?> BlockingPolicyAsync(string userId, string doorId, CancellationToken ct)
    {
        var snapshot = await catalog.CurrentAsync(ct);
        var request = new EvaluateRequest { UserId = userId, ResourceId = doorId, Context = new AccessContext { ClientApp = "keypad" } };
        var (resolved, _, _, problem) = await facts.ResolveAsync(request, whatIf: false, snapshot.Set, ct);
        if (problem is not null || resolved is null)
        {
            return "unknown"; // the holder vanished from the directory: fail closed
        }

        var run = PolicyRun.Of(snapshot, resolved);
        return run.Decision.Kind == DecisionKind.Block
            ? run.Decision.DecidingPolicyIndex >= 0 ? run.Policies[run.Decision.DecidingPolicyIndex].Name : "policy"
            : null;
    }

    private static AuditDraft Audit(Caller caller, DoorContext door, ControllerRecord controller, string action, string? userId, string? codeId, string? reason, string? policy) =>
        new(caller.Actor, action, door.Id, AuditData.Of(
            ("doorId", door.Id), ("controllerId", controller.Id), ("userId", userId), ("codeId", codeId), ("reason", reason), ("policy", policy)));

    private static JsonAnswer<UnlockDenied> Denied(string reason, string? policy, TimeSpan? retryAfter) =>
        new(StatusCodes.Status403Forbidden, new UnlockDenied(false, reason, policy, retryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : null), LatchJson.Default.UnlockDenied, retryAfter);
}
