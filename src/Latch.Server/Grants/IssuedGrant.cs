namespace Latch.Server.Grants;

/// <summary>A signed grant: the token (a bearer credential, kept out of <see cref="ToString"/>), its id (<c>jti</c>), the signing key's id and its expiry.</summary>
internal sealed record IssuedGrant(string Token, string Id, string KeyId, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedGrant {{ Token = (redacted), Id = {Id}, KeyId = {KeyId}, ExpiresAt = {ExpiresAt:O} }}";
}
