using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Latch.Core.Otp;
using Latch.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Latch.Server.Tests.Authenticators;

/// <summary>Authenticator apps (SPEC "Delivery", totp): enroll, activate with the first code, answer challenges — judged by oathtool.</summary>
public abstract class TotpSuite(string store) : StoreTest(store)
{
    private static readonly object RequireCodeEverywhere = new
    {
        name = "Require a code",
        state = "enabled",
        users = new { include = new[] { "all" } },
        resources = new { include = new[] { "all" } },
        grant = new { requirements = new[] { "requireCode" } },
    };

    [Fact]
    public async Task An_app_enrolled_from_the_otpauth_uri_activates_with_oathtools_code_and_then_answers_a_challenge()
    {
        var user = await Api.CreateUserAsync("ada");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        await CreatePolicyAsync();

        var (status, enrolled) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp");
        Assert.Equal(201, status);
        var id = enrolled.GetProperty("id").GetString()!;
        Assert.StartsWith("aut_", id, StringComparison.Ordinal);
        var uri = enrolled.GetProperty("otpauthUri").GetString()!;
        Assert.Matches("^otpauth://totp/Latch:ada\\?secret=[A-Z2-7]{32}&issuer=Latch&algorithm=SHA1&digits=6&period=30$", uri);
        Assert.Equal("pending", enrolled.GetProperty("state").GetString());

        var (activated, view) = await ActivateAsync(user, id, Oathtool.Totp(SecretOf(uri), Host.Clock.GetUtcNow()));
        Assert.Equal(200, activated);
        Assert.Equal("active", view.GetProperty("state").GetString());

        Host.Clock.Advance(TimeSpan.FromSeconds(30));
        var challenge = await ChallengeAsync(user, app);
        Assert.Contains("totp", Strings(challenge.GetProperty("methods")));
        var (verified, verdict) = await VerifyAsync(challenge, Oathtool.Totp(SecretOf(uri), Host.Clock.GetUtcNow()));

        Assert.Equal(200, verified);
        Assert.Equal("allow", verdict.GetProperty("decision").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("grant").GetProperty("token").GetString()));
        var sessionId = verdict.GetProperty("grant").GetProperty("sessionId").GetString();
        Assert.Equal("active", (await Api.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}")).Body.GetProperty("state").GetString());
        Assert.True((await Api.AuditVerifyAsync()).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("SHA256", "sha256", 8, 30)]
    [InlineData("SHA512", "sha512", 8, 30)]
    [InlineData("SHA256", "sha256", 7, 60)]
    public async Task Sha256_and_sha512_authenticators_agree_with_oathtool(string algorithm, string oathAlgorithm, int digits, int period)
    {
        var user = await Api.CreateUserAsync("ada");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        await CreatePolicyAsync();
        var (status, enrolled) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp", new { algorithm, digits, period });
        Assert.Equal(201, status);
        var uri = enrolled.GetProperty("otpauthUri").GetString()!;
        Assert.EndsWith($"&algorithm={algorithm}&digits={digits}&period={period}", uri, StringComparison.Ordinal);
        var secret = SecretOf(uri);

        Assert.Equal(200, (await ActivateAsync(user, enrolled.GetProperty("id").GetString()!,
            Oathtool.Totp(secret, Host.Clock.GetUtcNow(), oathAlgorithm, digits, period))).Status);
        Host.Clock.Advance(TimeSpan.FromSeconds(period));
        var (verified, _) = await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, Host.Clock.GetUtcNow(), oathAlgorithm, digits, period));

        Assert.Equal(200, verified);
    }

    [Fact]
    public async Task A_time_step_is_accepted_once_including_the_one_that_activated_the_authenticator()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        var activationCode = Oathtool.Totp(secret, Host.Clock.GetUtcNow());
        var (replayed, refusal) = await VerifyAsync(await ChallengeAsync(user, app), activationCode);
        Assert.Equal(403, replayed);
        Assert.Equal("consumed", refusal.GetProperty("reason").GetString());

        Host.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Oathtool.Totp(secret, Host.Clock.GetUtcNow());
        Assert.Equal(200, (await VerifyAsync(await ChallengeAsync(user, app), code)).Status);
        var (again, second) = await VerifyAsync(await ChallengeAsync(user, app), code);

        Assert.Equal(403, again);
        Assert.Equal("consumed", second.GetProperty("reason").GetString());
        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=500");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "authenticator.used" && e.GetProperty("data").GetRawText().Contains("replayed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_one_step_off_is_accepted_and_two_steps_off_is_refused()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        var now = Host.Clock.GetUtcNow();

        Assert.Equal("invalid", Reason(await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, now.AddSeconds(-60)))));
        Assert.Equal("invalid", Reason(await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, now.AddSeconds(60)))));
        Assert.Equal(200, (await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, now.AddSeconds(-30)))).Status);
        Assert.Equal(200, (await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, now.AddSeconds(30)))).Status);
    }

    [Fact]
    public async Task Two_concurrent_uses_of_one_step_open_only_one_challenge_even_on_two_nodes()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        Host.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Oathtool.Totp(secret, Host.Clock.GetUtcNow());
        var challenges = new List<JsonElement>();
        for (var i = 0; i < 8; i++)
        {
            challenges.Add(await ChallengeAsync(user, app));
        }

        // PostgreSQL: half the attempts go through a second node sharing the database (SQLite allows one process).
        await using var second = StoreKind == "postgres" ? await LatchHost.StartAsync(Store) : null;
        second?.Clock.Set(Host.Clock.GetUtcNow());
        using var secondHttp = second?.Client();
        var apis = new[] { Api, secondHttp is null ? Api : new LatchApi(secondHttp) };
        var answers = await Task.WhenAll(challenges.Select((c, i) =>
            apis[i % 2].SendAsync(HttpMethod.Post, $"/v1/challenges/{c.GetProperty("id").GetString()}/verify", new { code })));

        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal("consumed", a.Body.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_skew_is_set_by_Totp_SkewSteps_and_checked_at_start_up()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        await Host.StopAsync();
        await using (var strict = await LatchHost.StartAsync(Store, new() { ["Totp:SkewSteps"] = "0" }))
        {
            strict.Clock.Set(Host.Clock.GetUtcNow().AddMinutes(5));
            using var http = strict.Client();
            var api = new LatchApi(http);
            var now = strict.Clock.GetUtcNow();
            async Task<int> AnswerAsync(string code)
            {
                var (_, evaluation) = await api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = user, resourceId = app });
                var challengeId = evaluation.GetProperty("challenge").GetProperty("id").GetString();
                return (await api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { code })).Status;
            }

            Assert.Equal(403, await AnswerAsync(Oathtool.Totp(secret, now.AddSeconds(-30))));
            Assert.Equal(403, await AnswerAsync(Oathtool.Totp(secret, now.AddSeconds(30))));
            Assert.Equal(200, await AnswerAsync(Oathtool.Totp(secret, now)));
        }

        await using var other = await StoreSetup.CreateAsync(StoreKind);
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LatchHost.StartAsync(other, new() { ["Totp:SkewSteps"] = "11" }));
        Assert.Contains("Totp:SkewSteps", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_first_code_leaves_the_authenticator_pending_and_totp_is_not_offered_until_activated()
    {
        var user = await Api.CreateUserAsync("ada");
        var app = await Api.CreateResourceAsync("Payroll", "app");
        await CreatePolicyAsync();
        var (_, enrolled) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp");
        var id = enrolled.GetProperty("id").GetString()!;
        var secret = SecretOf(enrolled.GetProperty("otpauthUri").GetString()!);
        var right = Oathtool.Totp(secret, Host.Clock.GetUtcNow());

        var (status, problem) = await ActivateAsync(user, id, right == "000000" ? "111111" : "000000");
        Assert.Equal(400, status);
        Assert.Equal("latch.authenticator.wrong-code", problem.GetProperty("code").GetString());
        var (_, list) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{user}/authenticators");
        Assert.Equal("pending", list[0].GetProperty("state").GetString());
        Assert.DoesNotContain("totp", Strings((await ChallengeAsync(user, app)).GetProperty("methods")));

        Assert.Equal(200, (await ActivateAsync(user, id, right)).Status);
        Assert.Equal("latch.authenticator.active", (await ActivateAsync(user, id, right)).Body.GetProperty("code").GetString());
        Assert.Contains("totp", Strings((await ChallengeAsync(user, app)).GetProperty("methods")));
    }

    [Fact]
    public async Task A_wrong_totp_code_denies_and_nothing_is_sent_for_totp()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        Host.Clock.Advance(TimeSpan.FromSeconds(30));
        var challenge = await ChallengeAsync(user, app);
        var id = challenge.GetProperty("id").GetString();

        var (sendStatus, problem) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{id}/send", new { method = "totp" });
        Assert.Equal(400, sendStatus);
        Assert.Equal("latch.challenge.no-send", problem.GetProperty("code").GetString());
        Assert.Contains("authenticator app", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var right = Oathtool.Totp(secret, Host.Clock.GetUtcNow());
        var (status, verdict) = await VerifyAsync(challenge, right == "123456" ? "654321" : "123456");
        Assert.Equal(403, status);
        Assert.Equal("deny", verdict.GetProperty("decision").GetString());
        Assert.Equal("invalid", verdict.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_listing_never_shows_the_secret_and_a_deleted_authenticator_no_longer_answers()
    {
        var (user, app, secret) = await ActiveAuthenticatorAsync();
        var (_, list) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{user}/authenticators");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal("totp", item.GetProperty("kind").GetString());
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);
        Assert.False(item.TryGetProperty("otpauthUri", out _));

        var id = item.GetProperty("id").GetString();
        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/users/{user}/authenticators/{id}")).Status);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/users/{user}/authenticators/{id}")).Status);
        Assert.Empty((await Api.SendAsync(HttpMethod.Get, $"/v1/users/{user}/authenticators")).Body.EnumerateArray());
        Assert.DoesNotContain("totp", Strings((await ChallengeAsync(user, app)).GetProperty("methods")));

        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=500");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("authenticator.enrolled", actions);
        Assert.Contains("authenticator.activated", actions);
        Assert.Contains("authenticator.deleted", actions);
    }

    [Fact]
    public async Task Another_users_authenticator_cannot_be_activated_listed_or_deleted_through_a_different_user()
    {
        var (user, _, secret) = await ActiveAuthenticatorAsync();
        var other = await Api.CreateUserAsync("bob");
        var (_, list) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{user}/authenticators");
        var id = list[0].GetProperty("id").GetString();

        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/users/{other}/authenticators/{id}")).Status);
        Assert.Equal(404, (await ActivateAsync(other, id!, Oathtool.Totp(secret, Host.Clock.GetUtcNow()))).Status);
        Assert.Empty((await Api.SendAsync(HttpMethod.Get, $"/v1/users/{other}/authenticators")).Body.EnumerateArray());
    }

    [Theory]
    [InlineData("{\"algorithm\":\"MD5\"}", "algorithm")]
    [InlineData("{\"digits\":9}", "digits")]
    [InlineData("{\"digits\":5}", "digits")]
    [InlineData("{\"period\":0}", "period")]
    public async Task Enrollment_settings_outside_the_rfc_ranges_are_refused(string body, string field)
    {
        var user = await Api.CreateUserAsync("ada");
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp", body);
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task The_qr_code_is_well_formed_svg()
    {
        var user = await Api.CreateUserAsync("ada");
        var (_, enrolled) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp");
        var svg = enrolled.GetProperty("qrSvg").GetString()!;

        Assert.True(svg.StartsWith("<svg", StringComparison.Ordinal) || svg.StartsWith("<?xml", StringComparison.Ordinal), svg[..Math.Min(60, svg.Length)]);
        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.True(document.Descendants().Count() > 1);
    }

    [Fact]
    public async Task The_secret_is_in_no_log_no_audit_entry_and_nowhere_in_the_raw_store()
    {
        var secrets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (user, app, secret) = await ActiveAuthenticatorAsync("user" + i);
            Host.Clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(200, (await VerifyAsync(await ChallengeAsync(user, app), Oathtool.Totp(secret, Host.Clock.GetUtcNow()))).Status);
            secrets.Add(secret);
        }

        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=500");
        var logs = string.Join('\n', Host.Logs.Lines);
        var raw = await RawStoreTextAsync();

        Assert.Contains("authenticator.activated", raw, StringComparison.Ordinal); // the scan does see the store's text
        foreach (var secret in secrets)
        {
            var bytes = Base32.Decode(secret)!;
            foreach (var form in new[] { secret, Encoding.Latin1.GetString(bytes), Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes) })
            {
                Assert.DoesNotContain(form, raw, StringComparison.Ordinal);
                Assert.DoesNotContain(form, logs, StringComparison.Ordinal);
                Assert.DoesNotContain(form, audit.GetRawText(), StringComparison.Ordinal);
            }
        }
    }

    private async Task<(string User, string App, string Secret)> ActiveAuthenticatorAsync(string userName = "ada")
    {
        var user = await Api.CreateUserAsync(userName);
        var app = await Api.CreateResourceAsync("Payroll " + userName, "app");
        if ((await Api.SendAsync(HttpMethod.Get, "/v1/policies")).Body.GetArrayLength() == 0)
        {
            await CreatePolicyAsync();
        }

        var (_, enrolled) = await Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp");
        var secret = SecretOf(enrolled.GetProperty("otpauthUri").GetString()!);
        var (status, body) = await ActivateAsync(user, enrolled.GetProperty("id").GetString()!, Oathtool.Totp(secret, Host.Clock.GetUtcNow()));
        Assert.True(status == 200, $"activation answered {status}: {body}");
        return (user, app, secret);
    }

    private Task<(int Status, JsonElement Body)> ActivateAsync(string user, string id, string code) =>
        Api.SendAsync(HttpMethod.Post, $"/v1/users/{user}/authenticators/{id}/activate", new { code });

    private async Task CreatePolicyAsync()
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", RequireCodeEverywhere);
        Assert.True(status == 201, $"policy answered {status}: {body}");
    }

    private async Task<JsonElement> ChallengeAsync(string user, string resource)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate",
            new { userId = user, resourceId = resource, context = new { ip = "203.0.113.7", clientApp = "browser" } });
        Assert.True(status == 200 && body.GetProperty("decision").GetString() == "challenge", $"evaluate answered {status}: {body}");
        return body.GetProperty("challenge");
    }

    private Task<(int Status, JsonElement Body)> VerifyAsync(JsonElement challenge, string code) =>
        Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challenge.GetProperty("id").GetString()}/verify", new { code });

    private static string Reason((int Status, JsonElement Body) answer)
    {
        Assert.Equal(403, answer.Status);
        return answer.Body.GetProperty("reason").GetString()!;
    }

    private static string SecretOf(string otpauthUri) =>
        new Uri(otpauthUri).Query.TrimStart('?').Split('&').Single(p => p.StartsWith("secret=", StringComparison.Ordinal))["secret=".Length..];

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private async Task<string> RawStoreTextAsync()
    {
        if (StoreKind == "sqlite")
        {
            await Host.StopAsync(); // closes the connections; the WAL may still hold recent pages, so read both files
            SqliteConnection.ClearAllPools();
            var text = new StringBuilder();
            foreach (var file in Directory.GetFiles(Store.DataFolder, "latch.db*"))
            {
                text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
            }

            return text.ToString();
        }

        await using var connection = new NpgsqlConnection(Store.PostgresConnectionString);
        await connection.OpenAsync();
        var dump = new StringBuilder();
        foreach (var table in new[] { "authenticators", "audit", "users", "sessions", "sign_ins", "challenges" })
        {
            using var reader = await connection.BeginTextExportAsync($"COPY {table} TO STDOUT");
            dump.Append(await reader.ReadToEndAsync());
        }

        return dump.ToString();
    }
}

public sealed class SqliteTotp() : TotpSuite("sqlite");

public sealed class PostgresTotp() : TotpSuite("postgres");
