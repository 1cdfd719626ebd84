using System.Security.Claims;
using Latch.Server.Ui.Accounts;
using Latch.Server.Ui.Portal;
using Latch.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Ui;

/// <summary>
/// The web UI's wiring: Razor Components rendered on the server (no WebAssembly, no interactivity — every form is
/// a plain POST with an anti-forgery token, so it works with JavaScript off), cookie sign-in for the admin console
/// and the self-service portal, and security headers. None of it touches the API under <c>/v1</c>, which keeps its
/// bearer keys (<see cref="Auth.ApiKeyMiddleware"/>).
/// </summary>
internal static class UiHosting
{
    public const string ConsoleScheme = "latch.console";
    public const string PortalScheme = "latch.portal";

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    public static void AddLatchUi(this IServiceCollection services, string dataFolder)
    {
        services.AddRazorComponents();
        services.AddDataProtection()
            .SetApplicationName("latch")
            .PersistKeysToFileSystem(new DirectoryInfo(KeysFolder(dataFolder)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "latch.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication()
            .AddCookie(ConsoleScheme, o =>
            {
                Cookie(o, "latch.console", "/sign-in", TimeSpan.FromHours(8));
                o.Events.OnValidatePrincipal = ValidateConsoleAccountAsync;
            })
            .AddCookie(PortalScheme, o => Cookie(o, "latch.portal", "/my/sign-in", TimeSpan.FromHours(1)));
        services.AddAuthorization();
        services.AddSingleton<ConsoleAccountService>();
        services.AddSingleton<PortalService>();
        services.AddSingleton<UiTokens>();
        services.AddSingleton<Directory.DirectoryActions>();
    }

    /// <summary>Where the data protection keys of cookies and form tokens live (created 0700 at start-up).</summary>
    public static string KeysFolder(string dataFolder) => Path.Combine(dataFolder, "keys", "ui");

    /// <summary>Sign-in cookies: HttpOnly, SameSite=Strict, Secure whenever Latch is served over HTTPS, not sliding.</summary>
    private static void Cookie(CookieAuthenticationOptions o, string name, string loginPath, TimeSpan lifetime)
    {
        o.Cookie.Name = name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        o.LoginPath = loginPath;
        o.AccessDeniedPath = "/denied";
        o.ExpireTimeSpan = lifetime;
        o.SlidingExpiration = false;
    }

    /// <summary>Each request re-reads the account: a deleted account or a changed role ends the session at once.</summary>
    private static async Task ValidateConsoleAccountAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var store = context.HttpContext.RequestServices.GetRequiredService<ILatchStore>();
        if (id is null || await store.FindConsoleAccountAsync(id, context.HttpContext.RequestAborted) is not { State: "active" } account || account.Role != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleScheme);
        }
    }

    /// <summary>Whether a path belongs to the UI (everything but the API and the machine endpoints).</summary>
    public static bool IsUiPath(PathString path) =>
        !path.StartsWithSegments("/v1") && !path.StartsWithSegments("/.well-known") && !path.StartsWithSegments("/openapi")
        && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/readyz");

    /// <summary>The UI's middleware, on UI paths only: the API's pipeline stays exactly as it was.</summary>
    public static void UseLatchUi(this WebApplication app)
    {
        // WebApplication puts authentication and authorization at the top of every request's pipeline when their
        // services exist, unless these keys are set on the root builder; the branch below runs them for the UI only,
        // and its own writes to the keys do not reach the root.
        var root = ((IApplicationBuilder)app).Properties;
        root[AuthenticationMiddlewareSetKey] = true;
        root[AuthorizationMiddlewareSetKey] = true;
        app.UseWhen(c => IsUiPath(c.Request.Path), ui =>
        {
            ui.Use(SecurityHeaders);
            ui.UseAuthentication();
            ui.UseAuthorization();
            ui.UseAntiforgery();
        });
    }

    public static void MapLatchUi(this WebApplication app)
    {
        UiAssets.Map(app);
        app.MapPost("/sign-out", (HttpContext http, IAntiforgery antiforgery) => SignOutAsync(http, antiforgery, ConsoleScheme, "/sign-in")).ExcludeFromDescription();
        app.MapPost("/my/sign-out", (HttpContext http, IAntiforgery antiforgery) => SignOutAsync(http, antiforgery, PortalScheme, "/my/sign-in")).ExcludeFromDescription();
        app.MapRazorComponents<App>();
    }

    /// <summary>
    /// Signs out of <paramref name="scheme"/>'s session. The page's anti-forgery token was made for the signed-in person,
    /// so the form is checked as that person: neither scheme is the default, and as nobody the token would never match.
    /// A form that fails the check signs no one out and goes back to the pages, where the person is still signed in.
    /// </summary>
    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, string scheme, string to)
    {
        if (await http.AuthenticateAsync(scheme) is { Succeeded: true } signedIn)
        {
            http.User = signedIn.Principal;
        }

        if (!await IsFormValidAsync(http, antiforgery))
        {
            return TypedResults.Redirect(scheme == PortalScheme ? "/my" : "/");
        }

        await http.SignOutAsync(scheme);
        return TypedResults.Redirect(to);
    }

    // A form that cannot be read (broken framing, too many fields) is as untrusted as one without a token.
    private static async Task<bool> IsFormValidAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    // CSP: only Latch's own resources, no framing, forms post only to Latch. No inline scripts or styles are used.
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = context.Request.Path.StartsWithSegments("/ui") ? "public, max-age=3600" : "no-store";
            return Task.CompletedTask;
        });
        return next();
    }
}
