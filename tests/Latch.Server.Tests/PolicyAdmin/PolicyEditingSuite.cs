using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.PolicyAdmin;

/// <summary>Saving policies: validation, versions, optimistic concurrency and lock-out protection.</summary>
public abstract class PolicyEditingSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Every_save_keeps_a_version_with_who_saved_it_and_a_delete_ends_the_history()
    {
        var app = await Api.CreateResourceAsync("Payroll", "app");
        var (_, created) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", Policy("Code for payroll", app, "reportOnly"));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        var (status, updated) = await Api.SendAsync(HttpMethod.Put, $"/v1/policies/{id}", Policy("Code for payroll", app, "enabled", version: 1));
        Assert.Equal(200, status);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());

        var (_, same) = await Api.SendAsync(HttpMethod.Put, $"/v1/policies/{id}", Policy("Code for payroll", app, "enabled"));
        Assert.Equal(2, same.GetProperty("version").GetInt32());

        var (conflict, problem) = await Api.SendAsync(HttpMethod.Put, $"/v1/policies/{id}", Policy("Code for payroll", app, "disabled", version: 1));
        Assert.Equal(409, conflict);
        Assert.Equal("latch.policy.version-mismatch", problem.GetProperty("code").GetString());

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/policies/{id}")).Status);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Get, $"/v1/policies/{id}")).Status);

        var (_, versions) = await Api.SendAsync(HttpMethod.Get, $"/v1/policies/{id}/versions");
        var list = versions.EnumerateArray().ToList();
        Assert.Equal(["created", "updated", "deleted"], list.Select(v => v.GetProperty("change").GetString()));
        Assert.Equal([1, 2, 3], list.Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(list, v => Assert.StartsWith("key:", v.GetProperty("changedBy").GetString(), StringComparison.Ordinal));
        Assert.Equal("reportOnly", list[0].GetProperty("document").GetProperty("state").GetString());
        Assert.Equal("enabled", list[1].GetProperty("document").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_policy_that_names_what_does_not_exist_or_is_malformed_is_refused_field_by_field()
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Ghosts",
            state = "enabled",
            users = new { include = new[] { "usr_00000000000000000000" } },
            resources = new { include = new[] { "all" } },
            grant = new { block = true },
        });
        Assert.Equal(400, status);
        Assert.Equal("latch.policy.unknown-reference", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("users.include", out _));

        (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "",
            state = "sometimes",
            users = new { include = new[] { "everyone" } },
            resources = new { include = Array.Empty<string>() },
            conditions = new { signInRisk = new[] { "extreme" }, time = new { from = "25:00", to = "18:00", timeZone = "Mars/Olympus" } },
            grant = new { block = true, requirements = new[] { "requireCode" } },
            session = new { signInFrequencyMinutes = 0 },
        });
        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "name", "state", "users.include[0]", "resources.include", "conditions.signInRisk[0]", "conditions.time.from",
            "conditions.time.timeZone", "grant.requirements", "session.signInFrequencyMinutes",
        }, fields);
    }

    [Fact]
    public async Task Two_policies_may_not_share_a_name()
    {
        var app = await Api.CreateResourceAsync("Payroll", "app");
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/policies", Policy("Same", app, "enabled"))).Status);
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", Policy("Same", app, "disabled"));
        Assert.Equal(409, status);
        Assert.Equal("latch.policy.exists", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Blocking_every_admin_is_refused_unless_forced()
    {
        var admin = await CreateUserAsync("root", "admin");
        var blockAll = BlockAll("Block everyone");

        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", blockAll);
        Assert.Equal(409, status);
        Assert.Equal("latch.policy.lockout", problem.GetProperty("code").GetString());
        Assert.Contains("force=true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Api.SendAsync(HttpMethod.Get, "/v1/policies")).Body.GetArrayLength());

        // Excluding the admin, or trying it in report-only first, is fine.
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/policies", BlockAll("Block all but root", exclude: admin))).Status);
        var (_, reportOnly) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", BlockAll("Trial", state: "reportOnly"));
        var trialId = reportOnly.GetProperty("id").GetString()!;

        // Enabling the trial is the same lock-out, refused until forced.
        (status, problem) = await Api.SendAsync(HttpMethod.Put, $"/v1/policies/{trialId}", BlockAll("Trial"));
        Assert.Equal(409, status);
        Assert.Equal("latch.policy.lockout", problem.GetProperty("code").GetString());
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Put, $"/v1/policies/{trialId}?force=true", BlockAll("Trial"))).Status);

        var (_, audit) = await Api.SendAsync(HttpMethod.Get, "/v1/audit");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "policy.updated" && e.GetProperty("data").GetRawText().Contains("\"forced\":true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_block_that_spares_one_admin_of_two_is_not_a_lockout()
    {
        var first = await CreateUserAsync("root", "admin");
        await CreateUserAsync("second", "admin");
        var (_, group) = await Api.SendAsync(HttpMethod.Post, "/v1/groups", new { name = "ops" });
        var groupId = group.GetProperty("id").GetString()!;
        await Api.SendAsync(HttpMethod.Post, $"/v1/groups/{groupId}/members", new { userId = first });

        var sparesOps = new
        {
            name = "Block all but ops",
            state = "enabled",
            users = new { include = new[] { "all" }, excludeGroups = new[] { groupId } },
            resources = new { include = new[] { "all" } },
            grant = new { block = true },
        };
        Assert.Equal(201, (await Api.SendAsync(HttpMethod.Post, "/v1/policies", sparesOps)).Status);

        // A second policy that blocks the remaining admin (the ops member) completes the lock-out.
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "Block ops",
            state = "enabled",
            users = new { includeGroups = new[] { groupId } },
            resources = new { include = new[] { "all" } },
            grant = new { block = true },
        });
        Assert.Equal(409, status);
        Assert.Equal("latch.policy.lockout", problem.GetProperty("code").GetString());
    }

    private async Task<string> CreateUserAsync(string userName, string role)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/users", new { userName, role });
        Assert.Equal(201, status);
        return body.GetProperty("id").GetString()!;
    }

    private static object BlockAll(string name, string state = "enabled", string? exclude = null) => new
    {
        name,
        state,
        users = new { include = new[] { "all" }, exclude = exclude is null ? Array.Empty<string>() : [exclude] },
        resources = new { include = new[] { "all" } },
        grant = new { block = true },
    };

    private static object Policy(string name, string app, string state, int? version = null) => new
    {
        version,
        name,
        state,
        users = new { include = new[] { "all" } },
        resources = new { include = new[] { app } },
        grant = new { requirements = new[] { "requireCode" } },
    };
}

public sealed class SqlitePolicyEditing() : PolicyEditingSuite("sqlite");

public sealed class PostgresPolicyEditing() : PolicyEditingSuite("postgres");
