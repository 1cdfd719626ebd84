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

    // Not async itself when the key is known: the verification path then adds no state machine of its own here.
    public Task InvokeAsync(HttpContext context)
    {
        var allowed = context.GetEndpoint()?.Metadata.GetMetadata<AllowedRoles>();
        if (allowed is null)
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        ValueTask<Caller?> caller = default;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            caller = certificates.AuthenticateAsync(certificate, context.RequestAborted);
        }
        else if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length - Scheme.Length is >= 16 and <= 200)
        {
            caller = authenticator.AuthenticateAsync(header.AsMemory(Scheme.Length).Trim(), context.RequestAborted);
        }

        return caller.IsCompletedSuccessfully ? Continue(context, allowed, caller.Result) : ContinueAsync(context, allowed, caller);
    }

    private async Task ContinueAsync(HttpContext context, AllowedRoles allowed, ValueTask<Caller?> caller) =>
        await Continue(context, allowed, await caller);

    private Task Continue(HttpContext context, AllowedRoles allowed, Caller? caller)
    {
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized().ExecuteAsync(context);
        }

        if (!allowed.Roles.Contains(caller.Role))
        {
            return Problems.Forbidden(caller.Role.WireName()).ExecuteAsync(context);
        }

        context.Features.Set(caller);
        return next(context);
    }
}
