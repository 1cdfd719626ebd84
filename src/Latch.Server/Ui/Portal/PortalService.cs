using System.Net;
using System.Security.Claims;
using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;

namespace Latch.Server.Ui.Portal;

/// <summary>
/// The self-service portal's sign-in: an end user names themselves and proves it with a latch code delivered to
/// their own contact method (their default one first), bound to Latch's own "self-service portal" resource. Nothing
/// else is trusted: the code is issued, delivered, verified, throttled and audited by the same code path as any other.
/// </summary>
internal sealed class PortalService(
    ILatchStore store, CodeIssuer issuer, CodeVerifier verifier, ChallengeMethods methods, CodeThrottles throttles, TimeProvider clock)
{
    public const string ResourceName = "Latch self-service portal";

    /// <summary>The actor of a portal sign-in that has not been proven yet.</summary>
    public static readonly Caller Anonymous = new("self-service", Role.App, ActorKind: "portal");

    public static Caller CallerOf(ClaimsPrincipal user) => new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", Role.App, ActorKind: "user");

    public static ClaimsPrincipal Principal(UserRecord user) => new(new ClaimsIdentity([
        new Claim(ClaimTypes.NameIdentifier, user.Id),
        new Claim(ClaimTypes.Name, user.UserName),
    ], UiHosting.PortalScheme));

    /// <summary>
    /// Sends a sign-in code to the named user, by the first method that reaches them (never shown on the page): the
    /// user's id, or null. The answer is the same whether or not the user exists, so the page does not reveal who has an
    /// account; so is the wait when this name or this address asked for too many codes (<see cref="CodeThrottles.PortalCodesPerName"/>).
    /// </summary>
    public async Task<(string? UserId, TimeSpan? RetryAfter)> SendSignInCodeAsync(string? userName, IPAddress? ip, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return (null, null);
        }

        var now = clock.GetUtcNow();
        var (byName, byIp) = (NameTarget(name), IpTarget(ip));
        if (throttles.PortalCodesPerName.IsBlocked(byName, now, out var nameWait) | throttles.PortalCodesPerIp.IsBlocked(byIp, now, out var ipWait))
        {
            return (null, nameWait > ipWait ? nameWait : ipWait);
        }

        throttles.PortalCodesPerName.RecordFailure(byName, now);
        throttles.PortalCodesPerIp.RecordFailure(byIp, now);
        return (await SendAsync(name, ct), null);
    }

    private async Task<string?> SendAsync(string name, CancellationToken ct)
    {
        if (await store.FindUserByNameAsync(name, ct) is not { } user)
        {
            return null;
        }

        var method = (await methods.ForAsync(user, ct)).FirstOrDefault(m => m is not ("push" or "totp"));
        if (method is null)
        {
            return null;
        }

        var portal = await PortalResourceAsync(ct);
        var outcome = UiOutcome<CodeIssued>.From(await issuer.IssueAsync(new IssueCodeRequest
        {
            UserId = user.Id,
            ResourceId = portal.Id,
            TtlSeconds = 300,
            Deliver = new DeliverRequest { Method = method },
        }, Anonymous, ct));
        return outcome.Succeeded ? user.Id : null;
    }

    /// <summary>Verifies the typed code for that user at the portal resource; the user, or null.</summary>
    public async Task<UiOutcome<UserRecord>> VerifySignInCodeAsync(string userId, string? code, IPAddress? ip, CancellationToken ct)
    {
        var portal = await PortalResourceAsync(ct);
        var outcome = UiOutcome<CodeGranted>.From(await verifier.VerifyAsync(
            new VerifyCodeRequest { ResourceId = portal.Id, Code = code?.Trim() ?? "", Context = new VerifyContext { UserId = userId, ClientApp = "browser" } },
            Anonymous, ip, ct));
        if (outcome.Value is not { Granted: true } granted || granted.UserId != userId || await store.FindUserAsync(userId, ct) is not { } user)
        {
            return UiOutcome<UserRecord>.Fail("That code does not open the portal. Ask for a new one and type it within five minutes.");
        }

        throttles.PortalCodesPerName.RecordSuccess(NameTarget(user.UserName));
        throttles.PortalCodesPerIp.RecordSuccess(IpTarget(ip));
        return UiOutcome<UserRecord>.Ok(user);
    }

    // By the name's key: "alex" and "ALEX" are one user, so they share one count.
    private static string NameTarget(string name) => "portal-user:" + UserNames.Key(name);

    private static string IpTarget(IPAddress? ip) => "portal-ip:" + (ip?.ToString() ?? "unknown");

    private ResourceRecord? _portal;

    /// <summary>Latch's own resource for portal sign-ins, created (and audited) on first use, then kept (resources are never renamed).</summary>
    public async Task<ResourceRecord> PortalResourceAsync(CancellationToken ct) => _portal ??= await FindOrCreatePortalAsync(ct);

    private async Task<ResourceRecord> FindOrCreatePortalAsync(CancellationToken ct)
    {
        if (await store.FindResourceByNameAsync(ResourceName, ct) is { } existing)
        {
            return existing;
        }

        var resource = new ResourceRecord
        {
            Id = PublicId.New(PublicId.Resource),
            Name = ResourceName,
            Kind = "app",
            Sensitivity = "medium",
            CreatedAt = clock.GetUtcNow().ToUnixMs(),
        };
        var audit = new AuditDraft("system", AuditActions.ResourceCreated, resource.Id, AuditData.Of(("name", resource.Name), ("kind", resource.Kind)));
        return await store.AddResourceAsync(resource, audit, ct) is AddResult<ResourceRecord>.Added added
            ? added.Row
            : await store.FindResourceByNameAsync(ResourceName, ct) ?? throw new InvalidOperationException("The portal resource was neither added nor found."); // created meanwhile
    }
}
