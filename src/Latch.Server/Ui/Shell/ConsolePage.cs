using System.Security.Claims;
using Latch.Core.Access;
using Latch.Server.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Ui.Shell;

/// <summary>
/// Base of the admin console's pages: who is signed in, and what their role may change. Pages hide the forms a role
/// may not use and refuse such posts on the server too (<see cref="MayChange"/>), following the API's role matrix.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    protected string AccountId => HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    protected Role Role => Roles.TryParse(HttpContext.User.FindFirstValue(ClaimTypes.Role), out var role) ? role : Role.Auditor;

    /// <summary>The console user as a caller of the server's services: audited as <c>console:{accountId}</c>.</summary>
    internal Caller Caller => new(AccountId, Role, ActorKind: "console");

    protected string ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    protected bool Is(params Role[] roles) => roles.Contains(Role);

    /// <summary>Server-side check for a post: false (with <see cref="Refusal"/> set) when this role may not change it.</summary>
    protected bool MayChange(params Role[] roles)
    {
        if (Is(roles))
        {
            return true;
        }

        Refusal = $"Your role ({Role.WireName()}) may not change this.";
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return false;
    }

    protected string? Refusal { get; set; }

    protected static string When(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    protected static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
