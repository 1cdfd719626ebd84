using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Policies;

/// <summary>
/// The conditional-access scenario table (<see cref="PolicyScenarios"/>) run through the HTTP API: What-If must give
/// each row's decision and verdicts, and evaluate, wherever it can express the row (no simulated risk), must agree.
/// </summary>
public abstract class PolicyScenarioSuite(string store) : StoreTest(store)
{
    public static TheoryData<string> ScenarioNames => [.. PolicyScenarios.All.Select(s => s.Name)];

    [Fact]
    public void The_table_holds_at_least_40_uniquely_named_scenarios()
    {
        Assert.True(PolicyScenarios.All.Count >= 40, $"only {PolicyScenarios.All.Count} scenarios");
        Assert.Equal(PolicyScenarios.All.Count, PolicyScenarios.All.Select(s => s.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task What_if_decides_as_the_table_says_and_evaluate_agrees(string name)
    {
        var scenario = PolicyScenarios.Named(name);
        var f = await PolicyFixture.BuildAsync(Api);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in scenario.Policies)
        {
            ids[policy.Name] = await f.CreatePolicyAsync(policy.ToDocument(f));
        }

        if (scenario.Arrange is not null)
        {
            await scenario.Arrange(f);
        }

        var (status, whatIf) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/what-if", Body(f, scenario.Request, whatIf: true));
        if (scenario.Status != 200)
        {
            AssertProblem(scenario, status, whatIf);
            if (!scenario.Request.Simulated)
            {
                AssertProblem(scenario, await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", Body(f, scenario.Request, whatIf: false)));
            }

            return;
        }

        Assert.True(status == 200, $"What-If answered {status}: {whatIf}");
        AssertAnswer(scenario, f, ids, whatIf);
        if (scenario.Request.Simulated)
        {
            return;
        }

        if (scenario.Request.At is { } at)
        {
            Host.Clock.Set(at);
        }

        (status, var evaluated) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", Body(f, scenario.Request, whatIf: false));
        Assert.True(status == 200, $"evaluate answered {status}: {evaluated}");
        Assert.Equal(Verdicts(whatIf), Verdicts(evaluated));
        Assert.Equal(Decision(whatIf), Decision(evaluated));
        Assert.Equal(whatIf.GetProperty("risk").GetProperty("signIn").GetString(), evaluated.GetProperty("risk").GetProperty("signIn").GetString());

        var signInId = evaluated.GetProperty("signInId").GetString();
        var (found, signIn) = await Api.SendAsync(HttpMethod.Get, $"/v1/sign-ins/{signInId}");
        Assert.Equal(200, found);
        Assert.Equal(scenario.Decision, signIn.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task What_if_stores_nothing_and_only_evaluate_adds_sign_ins()
    {
        var f = await PolicyFixture.BuildAsync(Api);
        await f.CreatePolicyAsync((PolicySpec.Code("Partner code") with { Locations = ["@Partner"] }).ToDocument(f));
        await f.CreatePolicyAsync((PolicySpec.Blocking("Block bob") with { Users = ["@bob"] }).ToDocument(f));
        var signIns = await SignInCountAsync();
        var audit = await AuditCountAsync();

        var requests = new ScenarioRequest[]
        {
            new(),
            new() { Ip = "198.51.100.4" },
            new("@bob"),
            new() { Ip = "10.0.0.1", Device = "@laptop", ClientApp = "browser" },
            new() { SignInRisk = "high", UserRisk = "medium", At = Host.Clock.GetUtcNow().AddDays(-30) },
        };
        var decisions = new List<string>();
        foreach (var request in requests)
        {
            var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/what-if", Body(f, request, whatIf: true));
            Assert.True(status == 200, $"What-If answered {status}: {body}");
            Assert.False(body.TryGetProperty("signInId", out var signInId) && signInId.ValueKind != JsonValueKind.Null, $"What-If gave a sign-in id: {body}");
            decisions.Add(Decision(body));
        }

        Assert.Equal(["allow", "challenge", "block", "allow", "allow"], decisions);
        Assert.Equal(signIns, await SignInCountAsync());
        Assert.Equal(audit, await AuditCountAsync());

        foreach (var request in requests[..3])
        {
            var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", Body(f, request, whatIf: false));
            Assert.True(status == 200, $"evaluate answered {status}: {body}");
        }

        Assert.Equal(signIns + 3, await SignInCountAsync());
    }

    [Fact]
    public async Task A_second_untrusted_address_raises_sign_in_risk_to_medium()
    {
        var f = await PolicyFixture.BuildAsync(Api);
        var first = await EvaluateAsync(f, new() { Ip = "198.51.100.1" });
        var again = await EvaluateAsync(f, new() { Ip = "198.51.100.1" });
        var other = await EvaluateAsync(f, new() { Ip = "198.51.100.2" });
        var office = await EvaluateAsync(f, new() { Ip = "10.0.0.9" });

        Assert.Equal(["low", "low", "medium", "none"], new[] { first, again, other, office }.Select(b => b.GetProperty("risk").GetProperty("signIn").GetString()));
    }

    [Fact]
    public async Task Evaluate_refuses_an_instant_far_from_its_clock_that_what_if_accepts()
    {
        var f = await PolicyFixture.BuildAsync(Api);
        var request = new ScenarioRequest { At = Host.Clock.GetUtcNow().AddMinutes(6) };

        var (whatIfStatus, _) = await Api.SendAsync(HttpMethod.Post, "/v1/policies/what-if", Body(f, request, whatIf: true));
        // The What-If body, context.at included, sent to evaluate.
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", Body(f, request, whatIf: true));

        Assert.Equal(200, whatIfStatus);
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("context.at", out _), problem.ToString());
    }

    private async Task<JsonElement> EvaluateAsync(PolicyFixture f, ScenarioRequest request)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/access/evaluate", Body(f, request, whatIf: false));
        Assert.True(status == 200, $"evaluate answered {status}: {body}");
        return body;
    }

    /// <summary>The request body; evaluate gets neither the instant (the clock is set instead) nor simulated risk.</summary>
    private static JsonObject Body(PolicyFixture f, ScenarioRequest r, bool whatIf)
    {
        var context = new JsonObject();
        void Put(string key, string? value)
        {
            if (value is not null)
            {
                context[key] = value;
            }
        }

        Put("ip", r.Ip);
        Put("deviceId", r.Device is null ? null : f.Id(r.Device));
        Put("clientApp", r.ClientApp);
        if (whatIf)
        {
            Put("at", r.At?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            Put("signInRisk", r.SignInRisk);
            Put("userRisk", r.UserRisk);
        }

        return new JsonObject { ["userId"] = f.Id(r.User), ["resourceId"] = f.Id(r.Resource), ["context"] = context };
    }

    private static void AssertAnswer(PolicyScenario scenario, PolicyFixture f, Dictionary<string, string> ids, JsonElement body)
    {
        var answer = body.ToString();
        Assert.True(scenario.Decision == Decision(body), $"expected {scenario.Decision}, got: {answer}");
        var policies = body.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(scenario.Policies.Length, policies.Count);
        foreach (var spec in scenario.Policies)
        {
            var verdict = policies.Single(p => p.GetProperty("id").GetString() == ids[spec.Name]);
            Assert.Equal(spec.Name, verdict.GetProperty("name").GetString());
            Assert.Equal(spec.State, verdict.GetProperty("state").GetString());
        }

        foreach (var expected in scenario.Verdicts)
        {
            var verdict = policies.Single(p => p.GetProperty("id").GetString() == ids[expected.Policy]);
            var reasons = verdict.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.True(expected.Applied == verdict.GetProperty("applied").GetBoolean(), $"{expected.Policy} applied should be {expected.Applied}: {answer}");
            Assert.True(expected.Result == verdict.GetProperty("result").GetString(), $"{expected.Policy} result should be {expected.Result}: {answer}");
            foreach (var reason in expected.Reasons.Select(f.Resolve))
            {
                Assert.True(reasons.Any(r => r.Contains(reason, StringComparison.Ordinal)), $"{expected.Policy}: no reason contains \"{reason}\" in {string.Join(" | ", reasons)}");
            }
        }

        if (scenario.SignInRisk is not null)
        {
            Assert.Equal(scenario.SignInRisk, body.GetProperty("risk").GetProperty("signIn").GetString());
        }
    }

    private static void AssertProblem(PolicyScenario scenario, (int Status, JsonElement Body) answer) =>
        AssertProblem(scenario, answer.Status, answer.Body);

    private static void AssertProblem(PolicyScenario scenario, int status, JsonElement body)
    {
        Assert.True(scenario.Status == status, $"expected {scenario.Status}, got {status}: {body}");
        Assert.Equal(scenario.ProblemCode, body.GetProperty("code").GetString());
    }

    private static string Decision(JsonElement body) => body.GetProperty("decision").GetString()!;

    /// <summary>Per policy: id, applied, result and reasons, in the order the answer lists them.</summary>
    private static List<string> Verdicts(JsonElement body) =>
        [.. body.GetProperty("policies").EnumerateArray().Select(p =>
            $"{p.GetProperty("id").GetString()} applied={p.GetProperty("applied").GetBoolean()} result={p.GetProperty("result").GetString()} reasons={p.GetProperty("reasons")}")];

    private async Task<int> SignInCountAsync()
    {
        var (status, page) = await Api.SendAsync(HttpMethod.Get, "/v1/sign-ins?limit=500");
        Assert.Equal(200, status);
        return page.GetProperty("items").GetArrayLength();
    }

    private async Task<long> AuditCountAsync() => (await Api.AuditVerifyAsync()).GetProperty("entries").GetInt64();
}

public sealed class SqlitePolicyScenarios() : PolicyScenarioSuite("sqlite");

public sealed class PostgresPolicyScenarios() : PolicyScenarioSuite("postgres");
