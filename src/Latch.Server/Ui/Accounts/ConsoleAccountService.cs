using System.Security.Claims;
using System.Security.Cryptography;
using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Otp;
using Latch.Server.Audit;
using Latch.Server.Authenticators;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Console;
using Latch.Storage.Directory;
using Microsoft.Extensions.Options;

namespace Latch.Server.Ui.Accounts;

/// <summary>
/// Console accounts for the admin web UI: creation (the secret of the authenticator app is shown once, as an
/// <c>otpauth://</c> QR code) and the two-step sign-in — password, then a code from the authenticator app.
/// </summary>
internal sealed class ConsoleAccountService(
    ILatchStore store,
    TotpSecretSealer sealer,
    CodeThrottles throttles,
    RandomNumberGenerator random,
    IOptions<TotpOptions> options,
    TimeProvider clock)
{
    public static readonly string[] Roles = ["admin", "operator", "auditor"];

    /// <summary>Creates a pending account; it becomes active with its first valid authenticator code at sign-in.</summary>
    public async Task<UiOutcome<NewConsoleAccount>> CreateAsync(string? userName, string? password, string? role, string actor, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length is < 1 or > 64 || name.Any(char.IsControl) || name.Any(char.IsWhiteSpace))
        {
            return UiOutcome<NewConsoleAccount>.Fail("The user name must be 1 to 64 characters, without spaces.");
        }

        if (ConsolePassword.Weakness(password) is { } weakness)
        {
            return UiOutcome<NewConsoleAccount>.Fail(weakness);
        }

        if (role is null || !Roles.Contains(role))
        {
            return UiOutcome<NewConsoleAccount>.Fail("The role must be admin, operator or auditor.");
        }

        var id = PublicId.New(PublicId.ConsoleAccount);
        var secret = TotpSecret.Generate(OtpAlgorithm.Sha1, random);
        var record = new ConsoleAccountRecord
        {
            Id = id,
            UserName = name,
            Role = role,
            PasswordHash = ConsolePassword.Hash(password),
            TotpSecret = sealer.Seal(secret, id),
            State = "pending",
            CreatedAt = clock.GetUtcNow().ToUnixMs(),
            CreatedBy = actor,
        };
        var audit = new AuditDraft(actor, AuditActions.ConsoleAccountCreated, id, AuditData.Of(("userName", name), ("role", role)));
        if (await store.AddConsoleAccountAsync(record, audit, ct) is not AddResult<ConsoleAccountRecord>.Added)
        {
            return UiOutcome<NewConsoleAccount>.Fail($"A console account named '{Problems.Shorten(name)}' already exists (names that differ only in case or character width are one name).");
        }

        var uri = OtpAuthUri.ForTotp(secret, name, Settings, "Latch console");
        return UiOutcome<NewConsoleAccount>.Ok(new NewConsoleAccount(id, name, role, uri, QrSvg.Of(uri), secret.RevealBase32()));
    }

    /// <summary>
    /// Step 1 of a sign-in: the password. Unknown names do the same PBKDF2 work as known ones, and failures are
    /// throttled per client address and per user name, so guessing is slow either way.
    /// </summary>
    public async Task<UiOutcome<ConsoleAccountRecord>> CheckPasswordAsync(string? userName, string? password, string ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = userName?.Trim() ?? "";
        if (Blocked(ip, name, now) is { } wait)
        {
            return UiOutcome<ConsoleAccountRecord>.Fail($"Too many failed sign-ins. Wait {Math.Ceiling(wait.TotalSeconds)} s and try again.");
        }

        var account = name.Length is > 0 and <= 64 ? await store.FindConsoleAccountByNameAsync(name, ct) : null;
        var valid = ConsolePassword.Verify((password ?? "").AsSpan(0, Math.Min(password?.Length ?? 0, ConsolePassword.MaxLength)), account?.PasswordHash);
        if (!valid || account is null)
        {
            await FailAsync(account?.Id ?? "console", name, ip, "password", now, ct);
            return UiOutcome<ConsoleAccountRecord>.Fail("The user name or password is not right.");
        }

        return UiOutcome<ConsoleAccountRecord>.Ok(account);
    }

    /// <summary>
    /// A stronger hash of the password just checked when the stored one uses weaker settings (fewer iterations), to be
    /// stored once the sign-in completes; null when the stored hash is current.
    /// </summary>
    public static string? UpgradedHash(ConsoleAccountRecord account, string password) =>
        ConsolePassword.NeedsUpgrade(account.PasswordHash) ? ConsolePassword.Hash(password) : null;

    /// <summary>
    /// Step 2: the authenticator code (RFC 6238, every step of the window checked). The step is recorded only if later
    /// than the last accepted one, so a code signs in once; a pending account becomes active with it.
    /// </summary>
    public async Task<UiOutcome<ConsoleAccountRecord>> CheckCodeAsync(string accountId, string? code, string? upgradedHash, string ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await store.FindConsoleAccountAsync(accountId, ct) is not { } account)
        {
            return UiOutcome<ConsoleAccountRecord>.Fail("The sign-in has expired; start again.");
        }

        if (Blocked(ip, account.UserName, now) is { } wait)
        {
            return UiOutcome<ConsoleAccountRecord>.Fail($"Too many failed sign-ins. Wait {Math.Ceiling(wait.TotalSeconds)} s and try again.");
        }

        var secret = sealer.Open(account.TotpSecret, account.Id)
            ?? throw new InvalidOperationException($"The authenticator secret of console account {account.Id} does not open with the key ring.");
        var check = Totp.Validate(secret, TotpVerifier.Normalize(code ?? ""), now.ToUnixTimeSeconds(), account.LastStep, Settings);
        if (check is not TotpCheck.Accepted accepted)
        {
            await FailAsync(account.Id, account.UserName, ip, check is TotpCheck.Replayed ? "replayed" : "code", now, ct);
            return UiOutcome<ConsoleAccountRecord>.Fail(check is TotpCheck.Replayed
                ? "That code was used already. Wait for the next one your authenticator app shows."
                : "The code does not match. Type the code your authenticator app shows now.");
        }

        var upgraded = upgradedHash is not null && ConsolePassword.NeedsUpgrade(account.PasswordHash) ? upgradedHash : null;
        var audit = new AuditDraft("console:" + account.Id, AuditActions.ConsoleSignedIn, account.Id,
            AuditData.Of(("userName", account.UserName), ("role", account.Role), ("ip", ip), ("activated", account.State == "pending" ? true : null)));
        if (!await store.AcceptConsoleSignInAsync(account.Pk, accepted.Step, upgraded, now.ToUnixMs(), audit, ct))
        {
            await FailAsync(account.Id, account.UserName, ip, "replayed", now, ct);
            return UiOutcome<ConsoleAccountRecord>.Fail("That code was used already. Wait for the next one your authenticator app shows.");
        }

        throttles.PerIp.RecordSuccess("console-ip:" + ip);
        throttles.PerIp.RecordSuccess(NameTarget(account.UserName));
        return UiOutcome<ConsoleAccountRecord>.Ok(account);
    }

    /// <summary>The signed-in console user: account id, user name and role (re-checked on every request).</summary>
    public static ClaimsPrincipal Principal(ConsoleAccountRecord account) => new(new ClaimsIdentity([
        new Claim(ClaimTypes.NameIdentifier, account.Id),
        new Claim(ClaimTypes.Name, account.UserName),
        new Claim(ClaimTypes.Role, account.Role),
    ], UiHosting.ConsoleScheme));

    private TotpSettings Settings => new(OtpAlgorithm.Sha1, 6, TotpSettings.DefaultPeriodSeconds, options.Value.SkewSteps);

    // Per name by its key: "admin" and "ADMIN" are one account, so they share one budget of guesses.
    private static string NameTarget(string name) => "console-user:" + UserNames.Key(name);

    private TimeSpan? Blocked(string ip, string name, DateTimeOffset now)
    {
        var byIp = throttles.PerIp.IsBlocked("console-ip:" + ip, now, out var ipWait);
        var byUser = throttles.PerIp.IsBlocked(NameTarget(name), now, out var userWait);
        return byIp | byUser ? (ipWait > userWait ? ipWait : userWait) : null;
    }

    private async Task FailAsync(string target, string name, string ip, string reason, DateTimeOffset now, CancellationToken ct)
    {
        throttles.PerIp.RecordFailure("console-ip:" + ip, now);
        throttles.PerIp.RecordFailure(NameTarget(name), now);
        await store.AppendAuditAsync(new AuditDraft("anonymous", AuditActions.ConsoleSignInFailed, target,
            AuditData.Of(("userName", Problems.Shorten(name)), ("reason", reason), ("ip", ip))), now.ToUnixMs(), ct);
    }
}

/// <summary>A created console account; <see cref="Secret"/> and the URI are shown once and never stored plain.</summary>
internal sealed record NewConsoleAccount(string Id, string UserName, string Role, string OtpAuthUri, string QrSvg, string Secret)
{
    public override string ToString() => $"NewConsoleAccount {{ Id = {Id}, UserName = {UserName}, Role = {Role}, secret = (redacted) }}";
}
