using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Users;

/// <summary>
/// PATCH /v1/users/{id} is a JSON Merge Patch (RFC 7396): a field left out stays, null removes it, a value replaces it.
/// A removed email or phone stops the methods that need it, as for a user who never had one.
/// </summary>
public abstract class UserPatchSuite(string store) : StoreTest(store)
{
    // Nothing is ever sent: every delivery these tests ask for is refused before it is queued.
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Sms:Url"] = "http://127.0.0.1:9/sms",
        ["Delivery:Sms:Secret"] = "sms-gateway-secret-0123456789",
        ["Delivery:Smtp:Host"] = "127.0.0.1",
        ["Delivery:Smtp:Port"] = "9",
        ["Delivery:Smtp:From"] = "latch@example.test",
        ["Delivery:Smtp:Security"] = "none",
    };

    [Fact]
    public async Task Null_removes_email_and_phone_and_the_methods_that_needed_them_go_with_them()
    {
        var app = await CodeForEveryoneAtAsync("Payroll");
        var ada = await CreateAsync(new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test", phone = "+4930123456", defaultMethod = "sms" });
        Assert.Equal(["sms", "email", "outbox"], await MethodsAsync(ada, app));
        var (_, opened) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = ada, resourceId = app });

        var (status, patched) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{ada}", """{"email":null,"phone":null}""");

        Assert.Equal(200, status);
        var (_, user) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{ada}");
        foreach (var view in new[] { patched, user })
        {
            Assert.False(view.TryGetProperty("email", out _), view.ToString());
            Assert.False(view.TryGetProperty("phone", out _), view.ToString());
            Assert.Equal("Ada Lovelace", view.GetProperty("displayName").GetString());
            Assert.Equal("sms", view.GetProperty("defaultMethod").GetString());
        }

        // Exactly as for a user who never had them: not offered, and a delivery by them is refused at once.
        var bob = await Api.CreateUserAsync("bob");
        Assert.Equal(["outbox"], await MethodsAsync(ada, app));
        Assert.Equal(["outbox"], await MethodsAsync(bob, app));
        foreach (var method in new[] { "sms", "email" })
        {
            foreach (var who in new[] { ada, bob })
            {
                var (refused, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/codes", new { userId = who, resourceId = app, deliver = new { method } });
                Assert.Equal(400, refused);
                Assert.Equal("latch.delivery.unreachable", problem.GetProperty("code").GetString());
            }
        }

        // A challenge opened while the phone was there offered sms; sending by it now is refused all the same.
        var (sent, sendProblem) = await Api.SendAsync(HttpMethod.Post,
            $"/v1/challenges/{opened.GetProperty("challenge").GetProperty("id").GetString()}/send", new { method = "sms" });
        Assert.Equal(400, sent);
        Assert.Equal("latch.delivery.unreachable", sendProblem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Null_removes_the_display_name_and_the_default_method_and_the_audit_says_so_without_the_values()
    {
        var ada = await CreateAsync(new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test", phone = "+4930123456", defaultMethod = "email" });

        var (status, patched) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{ada}", """{"displayName":null,"phone":null,"defaultMethod":null}""");

        Assert.Equal(200, status);
        Assert.False(patched.TryGetProperty("displayName", out _));
        Assert.False(patched.TryGetProperty("defaultMethod", out _));
        Assert.Equal("ada@example.test", patched.GetProperty("email").GetString());
        var data = (await LastUserUpdateAsync()).GetProperty("data");
        Assert.Equal("removed", data.GetProperty("displayName").GetString());
        Assert.Equal("removed", data.GetProperty("phone").GetString());
        Assert.Equal("removed", data.GetProperty("defaultMethod").GetString());
        Assert.False(data.TryGetProperty("email", out _), "email was left out of the patch");
        Assert.DoesNotContain("+4930123456", data.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", data.ToString(), StringComparison.Ordinal);
        Assert.True((await Api.SendAsync(HttpMethod.Get, "/v1/audit/verify")).Body.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Fields_left_out_stay_as_they_are()
    {
        var ada = await CreateAsync(new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test", phone = "+4930123456", defaultMethod = "sms" });

        var (status, patched) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{ada}", """{"email":"ada@lovelace.test"}""");

        Assert.Equal(200, status);
        var (_, user) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{ada}");
        foreach (var view in new[] { patched, user })
        {
            Assert.Equal("ada@lovelace.test", view.GetProperty("email").GetString());
            Assert.Equal("+4930123456", view.GetProperty("phone").GetString());
            Assert.Equal("Ada Lovelace", view.GetProperty("displayName").GetString());
            Assert.Equal("sms", view.GetProperty("defaultMethod").GetString());
        }

        Assert.Equal("changed", (await LastUserUpdateAsync()).GetProperty("data").GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("""{"userName":null}""", "userName")]
    [InlineData("""{"userName":"eve"}""", "userName")]
    [InlineData("""{"email":""}""", "email")]
    [InlineData("""{"phone":"  "}""", "phone")]
    [InlineData("""{"displayName":""}""", "displayName")]
    [InlineData("""{"email":null,"phone":""}""", "phone")]
    public async Task A_required_field_cannot_be_removed_and_a_blank_value_is_refused_naming_the_field(string body, string field)
    {
        var ada = await CreateAsync(new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test", phone = "+4930123456" });

        var (status, problem) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{ada}", body);

        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(new[] { field }, errors.EnumerateObject().Select(e => e.Name));
        if (field != "userName")
        {
            Assert.Contains("send null to remove it", errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(ada);
    }

    [Fact]
    public async Task A_blank_optional_field_is_refused_on_create_too()
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/users", """{"userName":"ada","displayName":" "}""");

        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
    }

    [Theory]
    [InlineData("""{"mail":null}""", "'$.mail'", "is not a field of this call")]
    [InlineData("""{"role":"admin"}""", "'$.role'", "is not a field of this call")]
    [InlineData("""{"phone":4930123456}""", "'$.phone'", "has the wrong type or format")]
    [InlineData("""{"email":{"address":"a@b.test"}}""", "'$.email'", "has the wrong type or format")]
    [InlineData("""{"phone":null,"phone":null}""", "'$.phone'", "is given more than once")]
    public async Task Unknown_fields_and_malformed_values_are_still_refused_naming_the_json_path(string body, string path, string what)
    {
        var ada = await CreateAsync(new { userName = "ada", displayName = "Ada Lovelace", email = "ada@example.test", phone = "+4930123456" });

        var (status, problem) = await Api.SendAsync(HttpMethod.Patch, $"/v1/users/{ada}", body);

        Assert.Equal(400, status);
        Assert.Equal("latch.request.malformed-json", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(path, detail, StringComparison.Ordinal);
        Assert.Contains(what, detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(ada);
    }

    [Fact]
    public async Task Two_patches_at_once_both_land_and_neither_brings_back_what_the_other_removed()
    {
        for (var round = 0; round < 25; round++)
        {
            var id = await CreateAsync(new { userName = $"ada{round}", displayName = "Ada", email = "ada@example.test", phone = "+4930123456" });

            var answers = await Task.WhenAll(
                Api.SendAsync(HttpMethod.Patch, $"/v1/users/{id}", """{"phone":null}"""),
                Api.SendAsync(HttpMethod.Patch, $"/v1/users/{id}", """{"displayName":"Ada Lovelace"}"""),
                Api.SendAsync(HttpMethod.Patch, $"/v1/users/{id}", """{"email":"lovelace@example.test"}"""));

            Assert.All(answers, a => Assert.Equal(200, a.Status));
            var (_, user) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{id}");
            Assert.False(user.TryGetProperty("phone", out _), $"round {round}: {user}");
            Assert.Equal("Ada Lovelace", user.GetProperty("displayName").GetString());
            Assert.Equal("lovelace@example.test", user.GetProperty("email").GetString());
        }
    }

    private async Task AssertUnchangedAsync(string id)
    {
        var (_, user) = await Api.SendAsync(HttpMethod.Get, $"/v1/users/{id}");
        Assert.Equal("ada", user.GetProperty("userName").GetString());
        Assert.Equal("Ada Lovelace", user.GetProperty("displayName").GetString());
        Assert.Equal("ada@example.test", user.GetProperty("email").GetString());
        Assert.Equal("+4930123456", user.GetProperty("phone").GetString());
    }

    private async Task<string> CreateAsync(object user)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/users", user);
        Assert.Equal(201, status);
        return body.GetProperty("id").GetString()!;
    }

    private async Task<string> CodeForEveryoneAtAsync(string name)
    {
        var app = await Api.CreateResourceAsync(name, "app");
        var (status, _) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = $"Code for {name}",
            state = "enabled",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { app } },
            grant = new { requirements = new[] { "requireCode" } },
        });
        Assert.Equal(201, status);
        return app;
    }

    private async Task<string[]> MethodsAsync(string user, string app)
    {
        var (_, evaluation) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", new { userId = user, resourceId = app });
        return [.. evaluation.GetProperty("challenge").GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)];
    }

    private async Task<JsonElement> LastUserUpdateAsync()
    {
        var (_, page) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?limit=1000");
        return page.GetProperty("entries").EnumerateArray().Last(e => e.GetProperty("action").GetString() == "user.updated");
    }
}

public sealed class SqliteUserPatch() : UserPatchSuite("sqlite");

public sealed class PostgresUserPatch() : UserPatchSuite("postgres");
