using System.Security.Cryptography;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Otp;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Authenticators;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Latch.Server.Authenticators;

/// <summary>
/// Enrolls authenticator apps (SPEC "Delivery", channel <c>totp</c>):
/// 1. enroll draws a secret, stores it sealed and answers once with the <c>otpauth://</c> URI and its QR code;
/// 2. the authenticator stays pending until the first valid code activates it — proof the app holds the secret;
/// 3. that code's time step is remembered, so it cannot open a challenge afterwards.
/// </summary>
internal sealed class TotpEnrollment(
    ILatchStore store,
    TotpSecretSealer sealer,
    CodeThrottles throttles,
    RandomNumberGenerator random,
    IOptions<TotpOptions> options,
    TimeProvider clock)
{
    public async Task<IResult> EnrollAsync(string userId, EnrollTotpRequest request, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var algorithm = OtpAlgorithm.Sha1;
        if (request.Algorithm is not null && !OtpAlgorithms.TryParse(request.Algorithm, out algorithm))
        {
            errors.Add("algorithm", "algorithm must be one of SHA1, SHA256, SHA512.");
        }

        var settings = new TotpSettings(algorithm, request.Digits ?? 6, request.Period ?? TotpSettings.DefaultPeriodSeconds, options.Value.SkewSteps);
        if (settings.Digits is < Hotp.MinDigits or > Hotp.MaxDigits)
        {
            errors.Add("digits", $"digits must be between {Hotp.MinDigits} and {Hotp.MaxDigits}.");
        }

        if (settings.PeriodSeconds is < 15 or > TotpSettings.MaxPeriodSeconds)
        {
            errors.Add("period", $"period must be between 15 and {TotpSettings.MaxPeriodSeconds} seconds.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        if (await store.FindUserAsync(userId, ct) is not { } user)
        {
            return Problems.NotFound("user", userId);
        }

        var id = PublicId.New(PublicId.Authenticator);
        var secret = TotpSecret.Generate(algorithm, random);
        var now = clock.GetUtcNow().ToUnixMs();
        var row = await store.AddAuthenticatorAsync(new AuthenticatorRecord
        {
            Id = id,
            UserPk = user.Pk,
            Kind = TotpVerifier.Method,
            Algorithm = algorithm.WireName(),
            Digits = settings.Digits,
            Period = settings.PeriodSeconds,
            Secret = sealer.Seal(secret, id),
            State = AuthenticatorStates.Pending,
            CreatedAt = now,
        }, new AuditDraft(caller.Actor, AuditActions.AuthenticatorEnrolled, id, AuditData.Of(
            ("userId", user.Id), ("kind", TotpVerifier.Method), ("algorithm", algorithm.WireName()), ("digits", settings.Digits),
            ("period", settings.PeriodSeconds))), ct);

        var uri = OtpAuthUri.ForTotp(secret, user.UserName, settings);
        return TypedResults.Created($"/v1/users/{user.Id}/authenticators/{id}",
            new TotpEnrolled(id, uri, QrSvg.Of(uri), row.Algorithm, row.Digits, row.Period, row.State));
    }

    public async Task<IResult> ActivateAsync(string userId, string id, ActivateAuthenticatorRequest request, Caller caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Problems.Invalid("code", "code is required.");
        }

        var (user, authenticator, problem) = await FindAsync(userId, id, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (authenticator!.State != AuthenticatorStates.Pending)
        {
            return Problems.Conflict("latch.authenticator.active", "This authenticator is already active.");
        }

        // Guessing an enrollment code is throttled per authenticator like any other code.
        var now = clock.GetUtcNow();
        var target = "authenticator:" + authenticator.Id;
        if (throttles.PerIp.IsBlocked(target, now, out var wait))
        {
            return Problems.Of(429, "latch.authenticator.throttled", "Too many wrong codes.",
                $"Wait {Math.Ceiling(wait.TotalSeconds)} s, then type the code your authenticator app shows now.");
        }

        var secret = TotpVerifier.Open(sealer, authenticator);
        var check = Totp.Validate(secret, TotpVerifier.Normalize(request.Code), now.ToUnixTimeSeconds(), authenticator.LastStep,
            TotpVerifier.SettingsOf(authenticator, options.Value));
        if (check is not TotpCheck.Accepted accepted)
        {
            throttles.PerIp.RecordFailure(target, now);
            return Problems.Of(400, "latch.authenticator.wrong-code", "The code does not match.",
                "Type the code your authenticator app shows now; check that the device's clock is right.");
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.AuthenticatorActivated, authenticator.Id,
            AuditData.Of(("userId", user!.Id), ("kind", authenticator.Kind)));
        if (!await store.ActivateAuthenticatorAsync(authenticator.Pk, accepted.Step, now.ToUnixMs(), audit, ct))
        {
            return Problems.Conflict("latch.authenticator.active", "This authenticator was activated meanwhile.");
        }

        throttles.PerIp.RecordSuccess(target);
        return TypedResults.Ok(View(user.Id, (await store.FindAuthenticatorAsync(authenticator.Id, ct))!));
    }

    public async Task<IResult> ListAsync(string userId, CancellationToken ct)
    {
        if (await store.FindUserAsync(userId, ct) is not { } user)
        {
            return Problems.NotFound("user", userId);
        }

        return TypedResults.Ok((await store.ListAuthenticatorsAsync(user.Pk, ct)).Select(a => View(user.Id, a)).ToList());
    }

    public async Task<IResult> DeleteAsync(string userId, string id, Caller caller, CancellationToken ct)
    {
        var (user, authenticator, problem) = await FindAsync(userId, id, ct);
        if (problem is not null)
        {
            return problem;
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.AuthenticatorDeleted, authenticator!.Id,
            AuditData.Of(("userId", user!.Id), ("kind", authenticator.Kind)));
        return await store.DeleteAuthenticatorAsync(authenticator.Pk, clock.GetUtcNow().ToUnixMs(), audit, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("authenticator", id);
    }

    private async Task<(UserRecord? User, AuthenticatorRecord? Authenticator, IResult? Problem)> FindAsync(string userId, string id, CancellationToken ct)
    {
        if (await store.FindUserAsync(userId, ct) is not { } user)
        {
            return (null, null, Problems.NotFound("user", userId));
        }

        // Another user's authenticator is reported as missing, not as forbidden.
        return PublicId.HasShape(id, PublicId.Authenticator) && await store.FindAuthenticatorAsync(id, ct) is { } found && found.UserPk == user.Pk
            ? (user, found, null)
            : (null, null, Problems.NotFound("authenticator", id));
    }

    private static AuthenticatorView View(string userId, AuthenticatorRecord a) =>
        new(a.Id, userId, a.Kind, a.Algorithm, a.Digits, a.Period, a.State, Instants.FromUnixMs(a.CreatedAt),
            a.ActivatedAt is { } at ? Instants.FromUnixMs(at) : null);
}
