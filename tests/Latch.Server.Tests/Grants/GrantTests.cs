using System.Security.Cryptography;
using System.Text.Json;
using Latch.Server.Grants;
using Latch.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Server.Tests.Grants;

/// <summary>
/// Grants as a relying party sees them: signed by the server, validated with nothing but the published JWKS.
/// Grants touch no store, so these run on SQLite only.
/// </summary>
public sealed class GrantTests() : StoreTest("sqlite")
{
    private static readonly string[] RequireCode = ["requireCode"];

    private GrantSigner Signer => Host.Services.GetRequiredService<GrantSigner>();

    [Fact]
    public async Task A_grant_validates_against_the_published_key_set_and_says_who_what_and_until_when()
    {
        var grant = Signer.Issue(new GrantClaims("usr_ada", "res_door", "ses_1", RequireCode, TimeSpan.FromMinutes(10)));

        var result = await ValidateAsync(grant.Token, await FetchKeySetAsync(), "res_door", Host.Clock);

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal(Signer.SigningKeyId, token.Kid);
        Assert.Equal("latch", token.Issuer);
        Assert.Equal(["res_door"], token.Audiences);
        Assert.Equal("usr_ada", token.Subject);
        Assert.Equal("ses_1", token.GetClaim("sid").Value);
        Assert.Equal(grant.Id, token.Id);
        Assert.Equal(RequireCode, token.GetPayloadValue<string[]>("latch_req"));
        Assert.Equal(Host.Clock.GetUtcNow().UtcDateTime, token.IssuedAt);
        Assert.Equal(token.IssuedAt, token.ValidFrom);
        Assert.Equal(Host.Clock.GetUtcNow().AddMinutes(10), grant.ExpiresAt);
        Assert.Equal(grant.ExpiresAt.UtcDateTime, token.ValidTo);
        Assert.DoesNotContain(grant.Token, grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_is_refused_outside_its_lifetime_and_for_another_resource()
    {
        var grant = Signer.Issue(new GrantClaims("usr_ada", "res_door", "ses_1", RequireCode, TimeSpan.FromMinutes(5)));
        var keys = await FetchKeySetAsync();
        var issuedAt = Host.Clock.GetUtcNow();

        var wrongAudience = await ValidateAsync(grant.Token, keys, "res_other", Host.Clock);
        var early = await ValidateAsync(grant.Token, keys, "res_door", new FakeClock(issuedAt.AddSeconds(-1)));
        var lastSecond = await ValidateAsync(grant.Token, keys, "res_door", new FakeClock(issuedAt.AddMinutes(5).AddSeconds(-1)));
        var atExpiry = await ValidateAsync(grant.Token, keys, "res_door", new FakeClock(issuedAt.AddMinutes(5)));

        Assert.IsType<SecurityTokenInvalidAudienceException>(wrongAudience.Exception);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(early.Exception);
        Assert.True(lastSecond.IsValid, lastSecond.Exception?.Message);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(atExpiry.Exception);
    }

    [Fact]
    public async Task A_token_signed_by_a_foreign_key_is_refused_even_under_a_published_kid()
    {
        var keys = await FetchKeySetAsync();
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        foreach (var kid in new[] { Signer.SigningKeyId, "foreign" })
        {
            var forged = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "latch",
                Audience = "res_door",
                IssuedAt = Host.Clock.GetUtcNow().UtcDateTime,
                NotBefore = Host.Clock.GetUtcNow().UtcDateTime,
                Expires = Host.Clock.GetUtcNow().AddMinutes(5).UtcDateTime,
                Claims = new Dictionary<string, object> { ["sub"] = "usr_mallory" },
                SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(foreign) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
            });

            var result = await ValidateAsync(forged, keys, "res_door", Host.Clock);

            Assert.False(result.IsValid);
            Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
        }
    }

    [Fact]
    public async Task After_a_rotation_older_grants_still_validate_and_new_ones_carry_the_new_kid()
    {
        var before = Signer.Issue(new GrantClaims("usr_ada", "res_door", "ses_1", RequireCode, TimeSpan.FromMinutes(10)));

        await Host.StopAsync();
        var added = GrantKeyRingFile.Rotate(Store.DataFolder, Host.Clock);
        await Host.StartAgainAsync();
        var after = Signer.Issue(new GrantClaims("usr_ada", "res_door", "ses_2", [], TimeSpan.FromMinutes(10)));
        var keys = await FetchKeySetAsync();

        Assert.NotEqual(before.KeyId, added);
        Assert.Equal(added, after.KeyId);
        Assert.Equal(added, new JsonWebToken(after.Token).Kid);
        Assert.Equal([added, before.KeyId], keys.Keys.Select(k => k.Kid));
        Assert.True((await ValidateAsync(before.Token, keys, "res_door", Host.Clock)).IsValid);
        var validated = await ValidateAsync(after.Token, keys, "res_door", Host.Clock);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Empty(((JsonWebToken)validated.SecurityToken).GetPayloadValue<string[]>("latch_req"));
    }

    [Fact]
    public async Task The_key_set_is_public_cacheable_and_holds_no_private_parameter()
    {
        using var anonymous = Host.Client(apiKey: null);
        using var response = await anonymous.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var key = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(["kty", "crv", "x", "y", "kid", "use", "alg"], key.EnumerateObject().Select(p => p.Name));
        Assert.False(key.TryGetProperty("d", out _));
        Assert.Equal(("EC", "P-256", "sig", "ES256"), (key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString(), key.GetProperty("use").GetString(), key.GetProperty("alg").GetString()));
        Assert.Equal(Signer.SigningKeyId, key.GetProperty("kid").GetString());
    }

    [Fact]
    public void The_grant_key_file_is_readable_by_its_owner_only()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(GrantKeyRingFile.PathIn(Store.DataFolder)));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(GrantKeyRingFile.PathIn(Store.DataFolder))!));
    }

    [Fact]
    public async Task The_issuer_is_configurable_and_an_empty_one_is_refused_at_start()
    {
        await using var store = await StoreSetup.CreateAsync("sqlite");
        await using (var host = await LatchHost.StartAsync(store, new() { ["Latch:Grants:Issuer"] = "https://latch.example" }))
        {
            var grant = host.Services.GetRequiredService<GrantSigner>().Issue(new GrantClaims("usr_ada", "res_door", "ses_1", RequireCode, TimeSpan.FromMinutes(1)));
            Assert.Equal("https://latch.example", new JsonWebToken(grant.Token).Issuer);
        }

        await using var empty = await StoreSetup.CreateAsync("sqlite");
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LatchHost.StartAsync(empty, new() { ["Latch:Grants:Issuer"] = " " }));
        Assert.Contains("Latch:Grants:Issuer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_lives_at_least_one_second()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Signer.Issue(new GrantClaims("usr_ada", "res_door", "ses_1", RequireCode, TimeSpan.FromMilliseconds(999))));
    }

    private async Task<JsonWebKeySet> FetchKeySetAsync()
    {
        using var anonymous = Host.Client(apiKey: null);
        return new JsonWebKeySet(await anonymous.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
    }

    /// <summary>
    /// What a relying party does: the issuer, its own audience, the lifetime at its clock, and only the JWKS keys.
    /// The handler reads the wall clock (its TimeProvider setting is internal in 8.16), so the lifetime check runs
    /// at the given clock: RFC 7519 §4.1.4-5, valid from nbf inclusive until exp exclusive.
    /// </summary>
    private static Task<TokenValidationResult> ValidateAsync(string token, JsonWebKeySet keys, string audience, TimeProvider clock) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            LifetimeValidator = (notBefore, expires, _, _) =>
                notBefore is { } from && expires is { } until && from <= clock.GetUtcNow().UtcDateTime && clock.GetUtcNow().UtcDateTime < until,
            ValidIssuer = "latch",
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        });
}
