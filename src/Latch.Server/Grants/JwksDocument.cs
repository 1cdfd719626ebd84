namespace Latch.Server.Grants;

/// <summary>The JWK Set served at <c>/.well-known/jwks.json</c> (RFC 7517 §5): the public grant keys, signing key first.</summary>
public sealed record JwksDocument(IReadOnlyList<PublicJwk> Keys)
{
    internal static JwksDocument Of(IReadOnlyList<GrantKey> ring) => new([.. ring.Reverse().Select(k => k.ToPublicJwk())]);
}

/// <summary>A public P-256 signing key (RFC 7518 §6.2.1): coordinates only, never the private <c>d</c>.</summary>
public sealed record PublicJwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);
