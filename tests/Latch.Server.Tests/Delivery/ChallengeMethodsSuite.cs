using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Delivery;

/// <summary>A challenge offers only the methods that can reach the person, their default first.</summary>
public abstract class ChallengeMethodsSuite(string store) : StoreTest(store)
{
    private HttpReceiver _gateway = null!;

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Sms:Url"] = _gateway.Url.ToString(),
        ["Delivery:Sms:Secret"] = "sms-gateway-secret-0123456789",
        ["Delivery:Push:Url"] = _gateway.Url.ToString(),
        ["Delivery:Push:Secret"] = "push-companion-secret-0123456789",
    };

    protected override async ValueTask BeforeStartAsync() => _gateway = await HttpReceiver.StartAsync();

    protected override ValueTask AfterStopAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task Sms_is_offered_only_to_someone_with_a_phone_and_the_default_method_comes_first()
    {
        var app = await Api.CreateResourceAsync("Payroll", "app");
        await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Code for payroll",
            state = "enabled",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { app } },
            grant = new { requirements = new[] { "requireCode" } },
        });
        var (_, noPhone) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "ada" });
        var (_, withPhone) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName = "bob", phone = "+4930123456", defaultMethod = "sms" });

        Assert.Equal(["outbox", "push"], await MethodsAsync(noPhone.GetProperty("id").GetString()!, app));
        Assert.Equal(["sms", "outbox", "push"], await MethodsAsync(withPhone.GetProperty("id").GetString()!, app));

        var (status, updated) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{withPhone.GetProperty("id").GetString()}", new { defaultMethod = "push" });
        Assert.Equal(200, status);
        Assert.Equal("push", updated.GetProperty("defaultMethod").GetString());
        Assert.Equal("+4930123456", updated.GetProperty("phone").GetString());
        Assert.Equal(["push", "outbox", "sms"], await MethodsAsync(withPhone.GetProperty("id").GetString()!, app));

        var (refused, problem) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{withPhone.GetProperty("id").GetString()}", new { defaultMethod = "pigeon" });
        Assert.Equal(400, refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("defaultMethod", out _));
    }

    private async Task<string[]> MethodsAsync(string user, string app)
    {
        var (_, evaluation) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = user, resourceId = app });
        return [.. evaluation.GetProperty("challenge").GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)];
    }
}

public sealed class SqliteChallengeMethods() : ChallengeMethodsSuite("sqlite");

public sealed class PostgresChallengeMethods() : ChallengeMethodsSuite("postgres");
