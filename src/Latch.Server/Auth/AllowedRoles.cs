using Latch.Core.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Auth;

/// <summary>Endpoint metadata: the roles that may call it. Endpoints without it are public (health, JWKS, OpenAPI).</summary>
public sealed record AllowedRoles(IReadOnlySet<Role> Roles);

public static class AllowedRolesExtensions
{
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedRoles(roles.ToHashSet()));

    public static Caller Caller(this HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("The endpoint has no AllowedRoles metadata.");
}
