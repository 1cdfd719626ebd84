using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Server.Access;
using Latch.Server.Grants;
using Latch.Server.Tests.Hosting;
using Latch.Storage;
using Latch.Storage.Codes;
using Latch.Storage.SignIns;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Delivery;

/// <summary>
/// Push with number matching, end to end: Latch posts to a real companion webhook on loopback, the test answers as
/// the companion would (signed with the shared secret), and the app collects the grant.
/// </summary>
public abstract class PushSuite(string store) : StoreTest(store)
{
    private const string Secret = "push-companion-secret-0123456789";
    private HttpReceiver _companion = null!;
    private string _user = null!;
    private string _app = null!;

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Push:Url"] = _companion.Url.ToString(),
        ["Delivery:Push:Secret"] = Secret,
    };

    protected override async ValueTask BeforeStartAsync() => _companion = await HttpReceiver.StartAsync();

    protected override ValueTask AfterStopAsync() => _companion.DisposeAsync();

    [Fact]
    public async Task The_right_number_approved_in_the_companion_yields_a_grant_once()
    {
        var (challengeId, sent) = await SendPushAsync();
        var notification = JsonDocument.Parse(Assert.Single(_companion.Requests).Body).RootElement;
        var pushId = sent.GetProperty("pushId").GetString()!;

        Assert.Equal(pushId, notification.GetProperty("pushId").GetString());
        Assert.Equal("Payroll", notification.GetProperty("resource").GetProperty("name").GetString());
        Assert.Equal("HQ", notification.GetProperty("context").GetProperty("location").GetString());
        Assert.Equal("10.1.2.3", notification.GetProperty("context").GetProperty("ip").GetString());
        Assert.False(notification.TryGetProperty("number", out _)); // the person carries the number, not the webhook
        AssertSignedByLatch(Assert.Single(_companion.Requests));

        var (pending, early) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { });
        Assert.Equal(403, pending);
        Assert.Equal("notApproved", early.GetProperty("reason").GetString());

        var (status, answered) = await AnswerAsync(pushId, new { number = sent.GetProperty("number").GetInt32(), approve = true });
        Assert.Equal(200, status);
        Assert.Equal("approved", answered.GetProperty("state").GetString());

        var (verified, verdict) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { });
        Assert.Equal(200, verified);
        Assert.Equal("allow", verdict.GetProperty("decision").GetString());
        Assert.StartsWith("ey", verdict.GetProperty("grant").GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal(409, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { })).Status);
        Assert.Equal(409, (await AnswerAsync(pushId, new { number = 10, approve = true })).Status);
    }

    [Fact]
    public async Task A_wrong_number_refuses_the_challenge()
    {
        var (challengeId, sent) = await SendPushAsync();
        var wrong = sent.GetProperty("number").GetInt32() == 99 ? 98 : sent.GetProperty("number").GetInt32() + 1;

        var (_, answered) = await AnswerAsync(sent.GetProperty("pushId").GetString()!, new { number = wrong, approve = true });

        Assert.Equal("wrongNumber", answered.GetProperty("state").GetString());
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { });
        Assert.Equal(409, status);
        Assert.Equal("latch.challenge.refused", problem.GetProperty("code").GetString());
        Assert.Equal(409, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/send", new { method = "push" })).Status);
        var signIn = (await Api.SendAsync(HttpMethod.Get, "/v1/sign-ins")).Body.GetProperty("items")[0];
        Assert.Equal("failed", signIn.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_deny_refuses_the_challenge()
    {
        var (challengeId, sent) = await SendPushAsync();

        var (_, answered) = await AnswerAsync(sent.GetProperty("pushId").GetString()!, new { approve = false });

        Assert.Equal("denied", answered.GetProperty("state").GetString());
        Assert.Equal("latch.challenge.refused", (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { })).Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_signed_answer_is_good_for_its_own_push_only()
    {
        var (_, first) = await SendPushAsync();
        var (secondChallenge, second) = await SendAnotherPushAsync(_user, _app);
        var firstId = first.GetProperty("pushId").GetString()!;
        var secondId = second.GetProperty("pushId").GetString()!;

        // The first push's signed deny, posted again for the second push, and an answer that names no push.
        var (replayed, problem) = await AnswerAsync(firstId, new { approve = false }, postTo: secondId);
        var (unnamed, _) = await AnswerAsync(secondId, "{\"approve\":false}");

        Assert.Equal((400, "latch.request.invalid"), (replayed, problem.GetProperty("code").GetString()));
        Assert.Equal(["pushId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(400, unnamed);
        var (status, answered) = await AnswerAsync(secondId, new { number = second.GetProperty("number").GetInt32(), approve = true });
        Assert.Equal((200, "approved"), (status, answered.GetProperty("state").GetString()));
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{secondChallenge}/verify", new { })).Status);
    }

    [Fact]
    public async Task A_code_typed_after_the_companion_denied_opens_nothing()
    {
        var (challengeId, sent) = await SendPushAsync();
        var (_, outbox) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/send", new { method = "outbox" });
        var codeId = outbox.GetProperty("codeId").GetString()!;
        var code = await OutboxFile.WaitForCodeAsync(Store.DataFolder, codeId);
        var store = Host.Services.GetRequiredService<ILatchStore>();
        var challenge = (await store.FindChallengeAsync(challengeId, default))!;

        // The deny lands after the code's answer read the challenge as pending, and before its write.
        Assert.Equal(200, (await AnswerAsync(sent.GetProperty("pushId").GetString()!, new { approve = false })).Status);
        var tagger = Host.Services.GetRequiredService<CodeTagger>();
        var tags = tagger.Keys.Select(k => new KeyTag(k.Id, tagger.Tag(k, challenge.ResourceId, CodeFormat.Normalize(code)!))).ToList();
        var (session, _) = SessionGrants.Start(Host.Services.GetRequiredService<GrantSigner>(), challenge.UserId, challenge.ResourceId,
            challenge.SignInId, [], TimeSpan.FromMinutes(5));
        var audit = new AuditDraft("test", "code.verified", codeId, "{}");
        var attempt = new CodeAttempt(challenge.ResourcePk, tags, challenge.UserPk, Host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), challenge.Pk);

        await Assert.ThrowsAsync<ChallengeClosedException>(() =>
            store.VerifyChallengeCodeAsync(attempt, new ChallengeGrant(challenge.Pk, challenge.SignInPk, session), _ => audit, audit, default));

        Assert.Equal(ChallengeRecord.Refused, (await store.FindChallengeAsync(challengeId, default))!.State);
        Assert.Equal(0, (await Api.SendAsync(HttpMethod.Get, $"/v1/codes/{codeId}")).Body.GetProperty("uses").GetInt32());
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Get, $"/v1/sessions/{session.Id}")).Status);
        var signIn = (await Api.SendAsync(HttpMethod.Get, "/v1/sign-ins")).Body.GetProperty("items")[0];
        Assert.Equal("failed", signIn.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_unsigned_forged_or_late_answer_is_refused()
    {
        var (challengeId, sent) = await SendPushAsync();
        var pushId = sent.GetProperty("pushId").GetString()!;
        var body = WithPushId(pushId, new { number = sent.GetProperty("number").GetInt32(), approve = true });
        using var anonymous = Host.Client(apiKey: null);

        var (unsigned, problem) = await new LatchApi(anonymous).SendAsync(HttpMethod.Post, $"/v1/push/{pushId}/respond", body);
        Assert.Equal(401, unsigned);
        Assert.Equal("latch.push.bad-signature", problem.GetProperty("code").GetString());
        Assert.Equal(401, (await AnswerAsync(pushId, body, "another-secret-0123456789")).Status);

        Host.Clock.Advance(TimeSpan.FromMinutes(3)); // past the 120 s push timeout
        var (late, expired) = await AnswerAsync(pushId, body);
        Assert.Equal(410, late);
        Assert.Equal("latch.push.expired", expired.GetProperty("code").GetString());
        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/verify", new { })).Status);
    }

    private async Task<(string ChallengeId, JsonElement Sent)> SendPushAsync()
    {
        var user = _user = await Api.CreateUserAsync("ada");
        var app = _app = await Api.CreateResourceAsync("Payroll", "app");
        await Api.SendAsync(HttpMethod.Post, "/v1/locations", new { name = "HQ", cidrs = new[] { "10.0.0.0/8" }, trusted = true });
        await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Code for payroll",
            state = "enabled",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { app } },
            grant = new { requirements = new[] { "requireCode" } },
        });
        return await SendAnotherPushAsync(user, app);
    }

    /// <summary>A new sign-in of the user at the app, and a push for its challenge.</summary>
    private async Task<(string ChallengeId, JsonElement Sent)> SendAnotherPushAsync(string user, string app)
    {
        var (_, evaluation) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = user, resourceId = app, context = new { ip = "10.1.2.3" } });
        var challenge = evaluation.GetProperty("challenge");
        Assert.Contains("push", challenge.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var challengeId = challenge.GetProperty("id").GetString()!;

        var (status, sent) = await Api.SendAsync(HttpMethod.Post, $"/v1/challenges/{challengeId}/send", new { method = "push" });
        Assert.True(status == 202, sent.ToString());
        var number = sent.GetProperty("number").GetInt32();
        Assert.InRange(number, 10, 99);
        return (challengeId, sent);
    }

    /// <summary>Answers as the companion: an object answer is sent with its push's id; a string is sent as it is.</summary>
    private async Task<(int Status, JsonElement Body)> AnswerAsync(string pushId, object answer, string secret = Secret, string? postTo = null)
    {
        var body = answer as string ?? WithPushId(pushId, answer);
        var timestamp = Host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        using var anonymous = Host.Client(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/push/{postTo ?? pushId}/respond") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Latch-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
        using var response = await anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string WithPushId(string pushId, object answer)
    {
        var json = JsonSerializer.SerializeToNode(answer)!.AsObject();
        json.Insert(0, "pushId", pushId);
        return json.ToJsonString();
    }

    private static void AssertSignedByLatch(ReceivedRequest request)
    {
        var parts = request.Headers["Latch-Signature"].Split(',').ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        byte[] signed = [.. Encoding.ASCII.GetBytes(parts["t"] + "."), .. request.Body];
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), parts["v1"]);
    }
}

public sealed class SqlitePush() : PushSuite("sqlite");

public sealed class PostgresPush() : PushSuite("postgres");
