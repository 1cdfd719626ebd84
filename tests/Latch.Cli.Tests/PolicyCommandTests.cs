using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary><c>latch policy export|import|what-if|test</c> against a real server: policies as code.</summary>
public sealed class PolicyCommandTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("latch-policy-cli-").FullName;
    private StoreSetup _store = null!;
    private LatchHost _host = null!;
    private LatchApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreSetup.CreateAsync("sqlite");
        _host = await LatchHost.StartAsync(_store);
        _api = new LatchApi(_host.Client());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Export_then_import_then_export_gives_the_same_bytes_and_saves_no_new_version()
    {
        await CreatePoliciesUsingEverySectionAsync();

        var first = File("first.yaml");
        var (exportExit, _, _) = await RunAsync("policy", "export", "--file", first);
        Assert.Equal(0, exportExit);
        var yaml = await System.IO.File.ReadAllTextAsync(first);
        Assert.Contains("from: \"08:00\"", yaml, StringComparison.Ordinal);
        Assert.Contains("to: \"18:00\"", yaml, StringComparison.Ordinal);
        Assert.Contains("name: \"on\"", yaml, StringComparison.Ordinal);
        Assert.Contains("name: \"no\"", yaml, StringComparison.Ordinal);
        Assert.Contains("excludeGroups: []", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("version", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("updatedAt", yaml, StringComparison.Ordinal);

        var (importExit, importText, importError) = await RunAsync("policy", "import", first);
        Assert.True(importExit == 0, importError);
        Assert.Contains("0 created, 0 updated, 4 unchanged, 0 deleted", importText, StringComparison.Ordinal);

        var (_, stdout, _) = await RunAsync("policy", "export");
        Assert.Equal(yaml, stdout);
        Assert.All((await ListAsync()).EnumerateArray(), p => Assert.Equal(1, p.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Import_creates_a_policy_then_updates_it_by_name_and_prune_deletes_the_rest()
    {
        var (ada, door) = (await _api.CreateUserAsync("ada"), await _api.CreateResourceAsync("Front door"));
        var other = await CreatePolicyAsync(new { name = "Not in the file", state = "disabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { requirements = new[] { "requireCode" } } });
        var file = File("policies.yaml");
        await WritePolicyAsync(file, ada, door, "enabled");

        var (created, createdText, createdError) = await RunAsync("policy", "import", file);
        Assert.True(created == 0, createdError);
        Assert.Contains("1 created, 0 updated, 0 unchanged, 0 deleted", createdText, StringComparison.Ordinal);

        await WritePolicyAsync(file, ada, door, "reportOnly");
        var (updated, updatedText, _) = await RunAsync("policy", "import", file, "--prune");
        Assert.Equal(0, updated);
        Assert.Contains("0 created, 1 updated, 0 unchanged, 1 deleted", updatedText, StringComparison.Ordinal);

        var policy = Assert.Single((await ListAsync()).EnumerateArray());
        Assert.Equal("Door needs a code", policy.GetProperty("name").GetString());
        Assert.Equal("reportOnly", policy.GetProperty("state").GetString());
        Assert.Equal(2, policy.GetProperty("version").GetInt32());
        Assert.NotEqual(other, policy.GetProperty("id").GetString());

        var (again, againText, _) = await RunAsync("policy", "import", file);
        Assert.Equal(0, again);
        Assert.Contains("0 created, 0 updated, 1 unchanged, 0 deleted", againText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yaml_syntax_error_is_reported_with_its_line_and_changes_nothing()
    {
        var (ada, door) = (await _api.CreateUserAsync("ada"), await _api.CreateResourceAsync("Front door"));
        await CreatePolicyAsync(new { name = "Door needs a code", state = "enabled", users = new { include = new[] { ada } }, resources = new { include = new[] { door } }, grant = new { requirements = new[] { "requireCode" } } });
        var before = (await ListAsync()).GetRawText();
        var file = File("broken.yaml");
        await System.IO.File.WriteAllTextAsync(file, $"policies:\n  - name: Door needs a code\n    state: disabled\n    users: {{ include: [{ada}]\n    resources: {{ include: [all] }}\n");

        var (exit, output, error) = await RunAsync("policy", "import", file, "--prune");

        Assert.Equal(1, exit);
        Assert.Matches(@"broken\.yaml:\d+:\d+: ", error);
        Assert.Contains("nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.Equal(before, (await ListAsync()).GetRawText());
    }

    [Fact]
    public async Task An_invalid_field_stops_the_import_before_any_change_and_a_refused_save_reports_the_servers_problem()
    {
        var door = await _api.CreateResourceAsync("Front door");
        var file = File("policies.yaml");
        await WritePolicyAsync(file, "usr_00000000000000000000", door, "sometimes");

        var (invalid, _, invalidError) = await RunAsync("policy", "import", file);
        Assert.Equal(1, invalid);
        Assert.Contains("policies[0] 'Door needs a code': state:", invalidError, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", invalidError, StringComparison.Ordinal);

        // The file reads, but it names a user the server does not know: the server's problem is shown as it is.
        await WritePolicyAsync(file, "usr_00000000000000000000", door, "enabled");
        var (refused, _, refusedError) = await RunAsync("policy", "import", file);
        Assert.Equal(1, refused);
        Assert.Contains("creating policy 'Door needs a code': HTTP 400 latch.policy.unknown-reference", refusedError, StringComparison.Ordinal);
        Assert.Contains("users.include: There is no user with id 'usr_00000000000000000000'.", refusedError, StringComparison.Ordinal);
        Assert.Empty((await ListAsync()).EnumerateArray());
    }

    [Fact]
    public async Task What_if_prints_the_decision_and_each_policys_verdict()
    {
        var (ada, door) = (await _api.CreateUserAsync("ada"), await _api.CreateResourceAsync("Front door"));
        await CreatePolicyAsync(new { name = "Door needs a code", state = "enabled", users = new { include = new[] { ada } }, resources = new { include = new[] { door } }, grant = new { requirements = new[] { "requireCode" } } });

        var (exit, output, error) = await RunAsync("policy", "what-if", "--user", ada, "--resource", door, "--client-app", "keypad", "--at", "2026-11-23T09:00:00Z");

        Assert.True(exit == 0, error);
        Assert.Contains("decision: challenge", output, StringComparison.Ordinal);
        Assert.Contains("Door needs a code", output, StringComparison.Ordinal);

        var (jsonExit, json, _) = await RunAsync("policy", "what-if", "--user", ada, "--resource", door, "--json");
        Assert.Equal(0, jsonExit);
        Assert.Equal("challenge", JsonDocument.Parse(json).RootElement.GetProperty("decision").GetString());

        // The exported file tried as drafts (ids and all), with the stored policy switched off in the draft.
        var drafts = File("drafts.yaml");
        await RunAsync("policy", "export", "--file", drafts);
        await System.IO.File.WriteAllTextAsync(drafts, (await System.IO.File.ReadAllTextAsync(drafts)).Replace("state: enabled", "state: disabled", StringComparison.Ordinal));
        var (draftExit, draftOutput, draftError) = await RunAsync("policy", "what-if", "--user", ada, "--resource", door, "--policies", drafts, "--drafts-only");
        Assert.True(draftExit == 0, draftError);
        Assert.Contains("decision: allow", draftOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_test_passes_when_every_case_gets_its_expected_decision()
    {
        var (ada, door) = (await _api.CreateUserAsync("ada"), await _api.CreateResourceAsync("Front door"));
        var policies = File("policies.yaml");
        await WritePolicyAsync(policies, ada, door, "enabled");
        var cases = File("cases.yaml");
        await System.IO.File.WriteAllTextAsync(cases, $"""
            cases:
              - name: ada needs a code at the door
                userId: {ada}
                resourceId: {door}
                context: {"{"} ip: 203.0.113.9, clientApp: keypad, at: "2026-11-23T09:00:00Z", signInRisk: low {"}"}
                expect: challenge
                expectApplied: [Door needs a code]
            """);

        var (exit, output, error) = await RunAsync("policy", "test", cases, "--policies", policies);

        Assert.True(exit == 0, output + error);
        Assert.Contains("PASS  ada needs a code at the door", output, StringComparison.Ordinal);
        Assert.Contains("1 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_test_fails_and_names_the_case_whose_expectation_is_wrong()
    {
        var (ada, door) = (await _api.CreateUserAsync("ada"), await _api.CreateResourceAsync("Front door"));
        await CreatePolicyAsync(new { name = "Door needs a code", state = "enabled", users = new { include = new[] { ada } }, resources = new { include = new[] { door } }, grant = new { requirements = new[] { "requireCode" } } });
        var cases = File("cases.yaml");
        await System.IO.File.WriteAllTextAsync(cases, $"""
            cases:
              - name: ada needs a code
                userId: {ada}
                resourceId: {door}
                expect: challenge
              - name: ada walks straight in
                userId: {ada}
                resourceId: {door}
                expect: allow
            """);

        var (exit, output, _) = await RunAsync("policy", "test", cases);

        Assert.Equal(1, exit);
        Assert.Contains("PASS  ada needs a code", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  ada walks straight in: expected allow, got challenge", output, StringComparison.Ordinal);
        Assert.Contains("Door needs a code (enabled, applied", output, StringComparison.Ordinal);
        Assert.Contains("1 passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_test_file_fails_with_a_clear_message()
    {
        var cases = File("cases.yaml");
        await System.IO.File.WriteAllTextAsync(cases, "cases:\n  - name: no expectation\n    userId: usr_x\n    resourceId: res_x\n    expect: maybe\n");

        var (exit, _, error) = await RunAsync("policy", "test", cases);

        Assert.Equal(1, exit);
        Assert.Contains("cases[0] 'no expectation': expect must be allow, block or challenge", error, StringComparison.Ordinal);
    }

    private async Task CreatePoliciesUsingEverySectionAsync()
    {
        var ada = await _api.CreateUserAsync("ada");
        var bob = await _api.CreateUserAsync("bob");
        var door = await _api.CreateResourceAsync("Front door");
        var app = await _api.CreateResourceAsync("Payroll", "app");
        var contractors = await CreateAsync("/v1/groups", new { name = "contractors" });
        var admins = await CreateAsync("/v1/groups", new { name = "admins" });
        var office = await CreateAsync("/v1/locations", new { name = "office", cidrs = new[] { "10.0.0.0/8" }, trusted = true });
        var vpn = await CreateAsync("/v1/locations", new { name = "vpn", cidrs = new[] { "192.0.2.0/24" }, trusted = false });

        await CreatePolicyAsync(new
        {
            name = "Contractors need a code outside the office",
            state = "enabled",
            users = new { include = new[] { ada }, exclude = new[] { bob }, includeGroups = new[] { contractors }, excludeGroups = new[] { admins } },
            resources = new { include = new[] { door, app }, exclude = Array.Empty<string>() },
            conditions = new
            {
                signInRisk = new[] { "low", "medium" },
                userRisk = new[] { "high" },
                locations = new { include = new[] { "any" }, exclude = new[] { "trusted", vpn } },
                platforms = new[] { "windows", "linux" },
                clientApps = new[] { "browser", "keypad" },
                deviceCompliance = "compliant",
                time = new { days = new[] { "mon", "tue", "wed", "thu", "fri" }, from = "08:00", to = "18:00", timeZone = "Europe/Berlin" },
            },
            grant = new { block = false, requirements = new[] { "requireCode", "requireCompliantDevice" }, @operator = "or" },
            session = new { codeTtlSeconds = 300, signInFrequencyMinutes = 60 },
        });
        await CreatePolicyAsync(new
        {
            name = "on",
            state = "reportOnly",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { "all" }, exclude = new[] { app } },
            conditions = new { locations = new { include = new[] { office, "trusted" } } },
            grant = new { block = true },
        });
        await CreatePolicyAsync(new { name = "no", state = "disabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { requirements = new[] { "requireCode" } } });
        await CreatePolicyAsync(new { name = TrickyName, state = "disabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { requirements = new[] { "requireCode" } } });
    }

    // Long (no folding), with YAML indicators, quotes and non-ASCII text.
    private const string TrickyName = "Night shift: 22:00-06:00 # café 'quoted' \"double\" - a name long enough to pass eighty columns";

    private static Task WritePolicyAsync(string path, string user, string resource, string state) =>
        System.IO.File.WriteAllTextAsync(path, $"""
            policies:
              - name: Door needs a code
                state: {state}
                users: {"{"} include: [{user}] {"}"}
                resources: {"{"} include: [{resource}] {"}"}
                grant: {"{"} requirements: [requireCode] {"}"}
            """);

    private async Task<string> CreatePolicyAsync(object document) => await CreateAsync("/v1/policies?force=true", document);

    private async Task<string> CreateAsync(string path, object body)
    {
        var (status, answer) = await _api.SendAsync(HttpMethod.Post, path, body);
        Assert.True(status == 201, $"{path} answered {status}: {answer}");
        return answer.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ListAsync()
    {
        var (status, answer) = await _api.SendAsync(HttpMethod.Get, "/v1/policies");
        Assert.Equal(200, status);
        return answer;
    }

    private string File(string name) => Path.Combine(_folder, name);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LatchCli.RunAsync([.. args, "--server", _host.BaseAddress.ToString(), "--key", LatchHost.AdminKey], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
