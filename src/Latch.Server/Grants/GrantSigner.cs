using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Server.Grants;

/// <summary>
/// Signs grants as ES256 JWTs (RFC 7519; RFC 7518 §3.4) under the newest key of the grant key ring, and holds the
/// JWKS that publishes the ring. The ring is read once at start; after <c>latch keys rotate --ring grants</c> a
/// restart signs with the new key.
/// </summary>
internal sealed class GrantSigner : IDisposable
{
    private readonly IReadOnlyList<GrantKey> _ring;
    private readonly SigningCredentials _credentials;
    private readonly string _issuer;
    private readonly TimeProvider _clock;

    // Thread-safe once configured. Times come from the clock below, never from the handler's own DateTime.UtcNow.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public GrantSigner(IReadOnlyList<GrantKey> ring, IOptions<GrantOptions> options, TimeProvider clock)
    {
        if (ring.Count == 0)
        {
            throw new ArgumentException("The grant key ring holds no keys.", nameof(ring));
        }

        _ring = ring;
        _issuer = options.Value.Issuer;
        _clock = clock;
        var signing = ring[^1];
        SigningKeyId = signing.Id;
        _credentials = new SigningCredentials(signing.SecurityKey, SecurityAlgorithms.EcdsaSha256);
        Jwks = JwksDocument.Of(ring);
    }

    /// <summary>The id (<c>kid</c>) of the key that signs new grants.</summary>
    public string SigningKeyId { get; }

    /// <summary>Every key of the ring, public parts only; built once per ring load.</summary>
    public JwksDocument Jwks { get; }

    public IssuedGrant Issue(GrantClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentException.ThrowIfNullOrWhiteSpace(claims.UserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(claims.ResourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(claims.SessionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(claims.Lifetime, TimeSpan.FromSeconds(1));

        // JWT times are whole seconds (RFC 7519 §2 NumericDate): round down so ExpiresAt is exactly the exp claim.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt.AddSeconds(Math.Floor(claims.Lifetime.TotalSeconds));
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = JwtConstants.HeaderType,
            Issuer = _issuer,
            Audience = claims.ResourceId,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = claims.UserId,
                [JwtRegisteredClaimNames.Jti] = id,
                [GrantClaimNames.SessionId] = claims.SessionId,
                [GrantClaimNames.Requirements] = claims.Requirements.ToArray(),
            },
            SigningCredentials = _credentials,
        });
        return new IssuedGrant(token, id, SigningKeyId, expiresAt);
    }

    public void Dispose()
    {
        foreach (var key in _ring)
        {
            key.Dispose();
        }
    }
}
