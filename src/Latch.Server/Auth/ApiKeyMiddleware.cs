using Latch.Core.Access;
using Latch.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Auth;

/// <summary>
/// Enforces <see cref="AllowedRoles"/>: 401 without a valid key, 403 when the key's role is not allowed.
/// A small middleware instead of the authentication stack: this runs on every verification. On the controllers' mTLS
/// listener the client certificate is the credential (see <see cref="ControllerCertificates"/>).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, ControllerCertificates certificates)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        var allowed = context.GetEndpoint()?.Metadata.GetMetadata<AllowedRoles>();
        if (allowed is null)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        Caller? caller = null;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            caller = await certificates.AuthenticateAsync(certificate, context.RequestAborted);
        }
        else if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length - Scheme.Length is >= 16 and <= 200)
        {
            caller = await authenticator.AuthenticateAsync(header.AsMemory(Scheme.Length).Trim(), context.RequestAborted);
        }

        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized().ExecuteAsync(context);
            return;
        }

        if (!allowed.Roles.Contains(caller.Role))
        {
            await Problems.Forbidden(caller.Role.WireName()).ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }
}
