using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Otp;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Authenticators;
using Latch.Storage.Codes;
using Latch.Storage.SignIns;
using Microsoft.Extensions.Options;

namespace Latch.Server.Authenticators;

/// <summary>
/// Answers a challenge offering <c>totp</c> with a code from the user's authenticator app (RFC 6238):
/// 1. only a value shaped like a code of one of the user's active authenticators is considered; anything else is
///    left to the code path;
/// 2. the same throttles as typed codes (per IP and per resource), plus one per user's authenticators;
/// 3. every step of the window is checked (<see cref="Totp.Validate"/>); a fresh match is recorded in the store
///    only if still later than the last accepted step — atomically, across nodes — together with the challenge's
///    completion and session;
/// 4. a step already used is refused as <c>consumed</c> (audited as replayed); a value matching nothing falls
///    through to the code path, which denies and counts it.
/// </summary>
internal sealed class TotpVerifier(
    ILatchStore store,
    TotpSecretSealer sealer,
    CodeThrottles throttles,
    IOptions<TotpOptions> options,
    TimeProvider clock)
{
    public const string Method = "totp";

    /// <summary>The verdict, or null when the value is not an answer from this user's authenticators.</summary>
    public async Task<GuardedVerdict?> TryVerifyAsync(
        ChallengeRecord challenge, string typed, string ip, Caller caller, ChallengeGrant completion, AuditDraft sessionAudit, CancellationToken ct)
    {
        // Step 1.
        var code = Normalize(typed);
        if (code.Length is < Hotp.MinDigits or > Hotp.MaxDigits || code.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return null;
        }

        var authenticators = (await store.ListAuthenticatorsAsync(challenge.UserPk, ct))
            .Where(a => a.Kind == Method && a.State == AuthenticatorStates.Active && a.Digits == code.Length)
            .ToList();
        if (authenticators.Count == 0)
        {
            return null;
        }

        // Step 2.
        var now = clock.GetUtcNow();
        var ipTarget = "ip:" + ip;
        var resourceTarget = "resource:" + challenge.ResourceId;
        var userTarget = "totp:" + challenge.UserId;
        if (throttles.PerIp.IsBlocked(ipTarget, now, out var ipWait)
            | throttles.PerResource.IsBlocked(resourceTarget, now, out var resourceWait)
            | throttles.PerIp.IsBlocked(userTarget, now, out var userWait))
        {
            await store.AppendAuditAsync(UseAudit(caller, challenge, null, ip, "throttled"), now.ToUnixMs(), ct);
            return new GuardedVerdict.Throttled(Max(ipWait, Max(resourceWait, userWait)));
        }

        // Step 3: every authenticator is checked, so timing does not tell which one (if any) matched.
        AuthenticatorRecord? matched = null;
        long step = -1;
        AuthenticatorRecord? replayed = null;
        foreach (var authenticator in authenticators)
        {
            var check = Totp.Validate(Open(sealer, authenticator), code, now.ToUnixTimeSeconds(), authenticator.LastStep,
                SettingsOf(authenticator, options.Value));
            if (check is TotpCheck.Accepted accepted && matched is null)
            {
                (matched, step) = (authenticator, accepted.Step);
            }
            else if (check is TotpCheck.Replayed)
            {
                replayed ??= authenticator;
            }
        }

        if (matched is not null)
        {
            var use = await store.CompleteChallengeWithAuthenticatorAsync(matched.Pk, step, completion, now.ToUnixMs(),
                u => UseAudit(caller, challenge, matched.Id, ip, u switch
                {
                    AuthenticatorUse.Accepted => null,
                    AuthenticatorUse.Replayed => "replayed",
                    AuthenticatorUse.ChallengeAnswered => "consumed",
                    _ => "invalid",
                }), sessionAudit, ct);
            if (use == AuthenticatorUse.Accepted)
            {
                throttles.PerIp.RecordSuccess(ipTarget);
                throttles.PerResource.RecordSuccess(resourceTarget);
                throttles.PerIp.RecordSuccess(userTarget);
                return new GuardedVerdict.Decided(new CodeVerdict.Granted(matched.Id, challenge.UserId, FirstUse: true));
            }

            return Denied(use == AuthenticatorUse.Inactive ? DenyReason.Invalid : DenyReason.Consumed, matched.Id, challenge);
        }

        // Step 4: the code was really held, so a replay is not counted as a guess.
        if (replayed is not null)
        {
            await store.AppendAuditAsync(UseAudit(caller, challenge, replayed.Id, ip, "replayed"), now.ToUnixMs(), ct);
            return Denied(DenyReason.Consumed, replayed.Id, challenge);
        }

        throttles.PerIp.RecordFailure(userTarget, now);
        return null;
    }

    /// <summary>Authenticator apps show codes in groups ("123 456"); the spaces are not part of the code.</summary>
    public static string Normalize(string typed) => typed.Replace(" ", "", StringComparison.Ordinal).Trim();

    public static TotpSettings SettingsOf(AuthenticatorRecord authenticator, TotpOptions options) =>
        new(OtpAlgorithms.TryParse(authenticator.Algorithm, out var algorithm) ? algorithm
                : throw new InvalidOperationException($"Authenticator {authenticator.Id} has an unknown algorithm."),
            authenticator.Digits, authenticator.Period, options.SkewSteps);

    /// <summary>The plain secret; a secret that does not open (its key left the ring, or it was altered) is a misconfiguration: fail closed.</summary>
    public static TotpSecret Open(TotpSecretSealer sealer, AuthenticatorRecord authenticator) =>
        sealer.Open(authenticator.Secret, authenticator.Id)
        ?? throw new InvalidOperationException($"The secret of authenticator {authenticator.Id} does not open with the key ring.");

    private static GuardedVerdict.Decided Denied(DenyReason reason, string authenticatorId, ChallengeRecord challenge) =>
        new GuardedVerdict.Decided(new CodeVerdict.Denied(reason, authenticatorId, challenge.UserId, []));

    private static AuditDraft UseAudit(Caller caller, ChallengeRecord challenge, string? authenticatorId, string ip, string? refusal) =>
        new(caller.Actor, AuditActions.AuthenticatorUsed, authenticatorId ?? challenge.Id, AuditData.Of(
            ("challengeId", challenge.Id), ("userId", challenge.UserId), ("resourceId", challenge.ResourceId),
            ("granted", refusal is null), ("reason", refusal), ("ip", ip)));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
