using System.Text.Json;
using Latch.Server.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Server.Tests.AccessFlow;

/// <summary>Evaluate → challenge → outbox code → verify → grant, as an app drives it over HTTP.</summary>
public abstract class AccessFlowSuite(string store) : StoreTest(store)
{
    private static readonly object RequireCodeEverywhere = new
    {
        name = "Require a code",
        state = "enabled",
        users = new { include = new[] { "all" } },
        resources = new { include = new[] { "all" } },
        grant = new { requirements = new[] { "requireCode" } },
        session = new { signInFrequencyMinutes = 30 },
    };

    [Fact]
    public async Task A_challenge_answered_with_the_delivered_code_yields_a_grant_that_validates_against_the_published_keys()
    {
        var (user, app) = await DirectoryAsync();
        await CreatePolicyAsync(RequireCodeEverywhere);

        var evaluation = await EvaluateAsync(user, app);
        Assert.Equal("challenge", evaluation.GetProperty("decision").GetString());
        Assert.Equal(["requireCode"], Strings(evaluation.GetProperty("requirements")));
        var challenge = evaluation.GetProperty("challenge");
        Assert.Contains("outbox", Strings(challenge.GetProperty("methods")));
        var challengeId = challenge.GetProperty("id").GetString()!;

        var code = await SendAsync(challengeId);
        var (status, verdict) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { code });

        Assert.Equal(200, status);
        Assert.Equal("allow", verdict.GetProperty("decision").GetString());
        var grant = verdict.GetProperty("grant");
        var sessionId = grant.GetProperty("sessionId").GetString()!;
        var result = await ValidateAsync(grant.GetProperty("token").GetString()!, app);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(user, token.Subject);
        Assert.Equal(sessionId, token.GetClaim("sid").Value);
        Assert.Equal(["requireCode"], token.GetPayloadValue<string[]>("latch_req"));
        Assert.Equal(Host.Clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds(), grant.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());

        var signIn = await SignInAsync(evaluation.GetProperty("signInId").GetString()!);
        Assert.Equal("satisfied", signIn.GetProperty("outcome").GetString());
        Assert.Equal(sessionId, signIn.GetProperty("sessionId").GetString());
        var (_, session) = await Api.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}");
        Assert.Equal("active", session.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_wrong_code_denies_and_kills_the_challenge_code()
    {
        var (user, app) = await DirectoryAsync();
        await CreatePolicyAsync(RequireCodeEverywhere);
        var challengeId = (await EvaluateAsync(user, app)).GetProperty("challenge").GetProperty("id").GetString()!;
        var code = await SendAsync(challengeId);
        var wrong = code == "000000" ? "000001" : "000000";

        var (status, verdict) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { code = wrong });
        Assert.Equal(403, status);
        Assert.Equal("deny", verdict.GetProperty("decision").GetString());
        Assert.Equal("invalid", verdict.GetProperty("reason").GetString());
        Assert.False(verdict.TryGetProperty("grant", out _));

        // maxAttempts 1: the failure used up the challenge code's only attempt.
        (status, verdict) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { code });
        Assert.Equal(403, status);
        Assert.NotEqual("allow", verdict.GetProperty("decision").GetString());

        // A new send issues a fresh code, which opens.
        var fresh = await SendAsync(challengeId);
        (status, _) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { code = fresh });
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_challenge_code_opens_only_its_challenge_and_a_challenge_opens_only_once()
    {
        var (user, app) = await DirectoryAsync();
        await CreatePolicyAsync(RequireCodeEverywhere);
        var first = (await EvaluateAsync(user, app)).GetProperty("challenge").GetProperty("id").GetString()!;
        var second = (await EvaluateAsync(user, app)).GetProperty("challenge").GetProperty("id").GetString()!;
        var code = await SendAsync(first);

        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{second}/verify", new { code })).Status);
        Assert.Equal(403, (await Api.VerifyAsync(app, code)).Status);
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{first}/verify", new { code })).Status);

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{first}/verify", new { code });
        Assert.Equal(409, status);
        Assert.Equal("latch.challenge.satisfied", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_expired_challenge_is_gone()
    {
        var (user, app) = await DirectoryAsync();
        await CreatePolicyAsync(RequireCodeEverywhere);
        var challenge = (await EvaluateAsync(user, app)).GetProperty("challenge");
        var challengeId = challenge.GetProperty("id").GetString()!;
        Host.Clock.Advance(challenge.GetProperty("expiresAt").GetDateTimeOffset() - Host.Clock.GetUtcNow());

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/send", new { method = "outbox" });
        Assert.Equal(410, status);
        Assert.Equal("latch.challenge.expired", problem.GetProperty("code").GetString());
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Post, "/v1/challenges/chl_00000000000000000000/verify", new { code = "123456" })).Status);
        Assert.Equal(400, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{(await EvaluateAsync(user, app)).GetProperty("challenge").GetProperty("id").GetString()}/verify", new { })).Status);
    }

    [Fact]
    public async Task Allow_comes_with_a_grant_and_a_revoked_session_reads_as_revoked()
    {
        var (user, app) = await DirectoryAsync();

        var evaluation = await EvaluateAsync(user, app);
        Assert.Equal("allow", evaluation.GetProperty("decision").GetString());
        var grant = evaluation.GetProperty("grant");
        Assert.True((await ValidateAsync(grant.GetProperty("token").GetString()!, app)).IsValid);
        var sessionId = grant.GetProperty("sessionId").GetString()!;

        var (status, revoked) = await Api.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/revoke", new { reason = "lost laptop" });
        Assert.Equal(200, status);
        Assert.Equal("revoked", revoked.GetProperty("state").GetString());
        Assert.False(revoked.GetProperty("active").GetBoolean());

        var (_, session) = await Api.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}");
        Assert.Equal("revoked", session.GetProperty("state").GetString());
        Assert.Equal("lost laptop", session.GetProperty("revokeReason").GetString());
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Get, "/v1/sessions/ses_00000000000000000000")).Status);
    }

    [Fact]
    public async Task A_session_expires_with_its_grant()
    {
        var (user, app) = await DirectoryAsync();
        var sessionId = (await EvaluateAsync(user, app)).GetProperty("grant").GetProperty("sessionId").GetString()!;

        Host.Clock.Advance(TimeSpan.FromMinutes(60));
        var (_, session) = await Api.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}");
        Assert.Equal("expired", session.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_blocked_request_gets_no_grant_and_no_challenge_and_the_sign_in_says_why()
    {
        var (user, app) = await DirectoryAsync();
        var policyId = await CreatePolicyAsync(new
        {
            name = "Block the app",
            state = "enabled",
            users = new { include = new[] { user } },
            resources = new { include = new[] { app } },
            grant = new { block = true },
        });

        var evaluation = await EvaluateAsync(user, app);

        Assert.Equal("block", evaluation.GetProperty("decision").GetString());
        Assert.False(evaluation.TryGetProperty("grant", out _));
        Assert.False(evaluation.TryGetProperty("challenge", out _));
        var signIn = await SignInAsync(evaluation.GetProperty("signInId").GetString()!);
        var verdict = signIn.GetProperty("policies").EnumerateArray().Single();
        Assert.Equal(policyId, verdict.GetProperty("id").GetString());
        Assert.True(verdict.GetProperty("applied").GetBoolean());
        Assert.Equal("block", verdict.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Evaluate_may_not_choose_its_time_or_risk()
    {
        var (user, app) = await DirectoryAsync();

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate",
            new { userId = user, resourceId = app, context = new { at = Host.Clock.GetUtcNow().AddHours(-3), signInRisk = "none" } });

        Assert.Equal(400, status);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("context.at", out _));
        Assert.True(errors.TryGetProperty("context.signInRisk", out _));
    }

    [Fact]
    public async Task The_sign_in_log_filters_and_pages_newest_first()
    {
        var (user, app) = await DirectoryAsync();
        var other = await Api.CreateUserAsync("bob");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await EvaluateAsync(i % 2 == 0 ? user : other, app)).GetProperty("signInId").GetString()!);
            Host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var (_, page) = await Api.SendAsync(HttpMethod.Get, $"/v1/sign-ins?userId={user}&limit=2");
        Assert.Equal([ids[4], ids[2]], page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var (_, rest) = await Api.SendAsync(HttpMethod.Get, $"/v1/sign-ins?userId={user}&limit=2&cursor={page.GetProperty("next").GetString()}");
        Assert.Equal([ids[0]], rest.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var (status, problem) = await Api.SendAsync(HttpMethod.Get, "/v1/sign-ins?decision=maybe");
        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
    }

    private async Task<(string User, string App)> DirectoryAsync() =>
        (await Api.CreateUserAsync("ada"), await Api.CreateResourceAsync("Payroll", "app"));

    private async Task<string> CreatePolicyAsync(object policy)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", policy);
        Assert.True(status == 201, $"policy answered {status}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> EvaluateAsync(string user, string resource)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate",
            new { userId = user, resourceId = resource, context = new { ip = "203.0.113.7", clientApp = "browser" } });
        Assert.True(status == 200, $"evaluate answered {status}: {body}");
        return body;
    }

    private async Task<JsonElement> SignInAsync(string id)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Get, $"/v1/sign-ins/{id}");
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>Sends the challenge's code to the outbox and reads it back from there once the queue has delivered it, as the person would.</summary>
    private async Task<string> SendAsync(string challengeId)
    {
        var (status, sent) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/send", new { method = "outbox" });
        Assert.True(status == 202, $"send answered {status}: {sent}");
        Assert.Equal("queued", sent.GetProperty("delivery").GetProperty("state").GetString());
        return await OutboxFile.WaitForCodeAsync(Store.DataFolder, sent.GetProperty("codeId").GetString()!);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, string audience)
    {
        using var anonymous = Host.Client(apiKey: null);
        var keys = new JsonWebKeySet(await anonymous.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now && now < expires,
            ValidIssuer = "latch",
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

public sealed class SqliteAccessFlow() : AccessFlowSuite("sqlite");

public sealed class PostgresAccessFlow() : AccessFlowSuite("postgres");
