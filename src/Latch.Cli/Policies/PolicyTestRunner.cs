namespace Latch.Cli.Policies;

/// <summary>
/// <c>latch policy test</c>: runs each case of a test file through What-If and compares the decision (and the
/// policies that must apply) with what the case expects. Any mismatch or error fails the run.
/// </summary>
internal sealed class PolicyTestRunner(ApiClient client, TextWriter output, TextWriter error)
{
    private static readonly string[] Decisions = ["allow", "block", "challenge"];

    public async Task<int> RunAsync(string path, string? policiesPath, bool draftsOnly, CancellationToken ct)
    {
        var cases = Load(path);
        IReadOnlyList<LocalPolicy>? drafts = null;
        if (policiesPath is not null)
        {
            (drafts, var draftErrors) = PolicyFileLoader.Load(policiesPath);
            foreach (var message in draftErrors)
            {
                await error.WriteLineAsync("error: " + message);
            }
        }

        if (cases is null || (policiesPath is not null && drafts is null))
        {
            return CliOutput.Failed;
        }

        var failed = 0;
        foreach (var test in cases)
        {
            if (!await RunCaseAsync(test, drafts, draftsOnly, ct))
            {
                failed++;
            }
        }

        await output.WriteLineAsync($"{cases.Count - failed} passed, {failed} failed");
        return failed == 0 ? CliOutput.Ok : CliOutput.Failed;
    }

    private async Task<bool> RunCaseAsync(PolicyTestCase test, IReadOnlyList<LocalPolicy>? drafts, bool draftsOnly, CancellationToken ct)
    {
        var c = test.Context ?? new PolicyTestContext();
        var context = WhatIf.Context(("ip", c.Ip), ("deviceId", c.DeviceId), ("clientApp", c.ClientApp), ("at", c.At),
            ("signInRisk", c.SignInRisk), ("userRisk", c.UserRisk));
        var (status, answer) = await client.SendAsync(HttpMethod.Post, WhatIf.Path,
            WhatIf.Request(test.UserId, test.ResourceId, context, drafts, draftsOnly), ct);
        if (status != 200 || answer is null)
        {
            await output.WriteLineAsync($"FAIL  {test.Name}: the server refused the case");
            CliOutput.Problem(output, status, answer);
            return false;
        }

        var decision = answer["decision"]?.ToString();
        var verdicts = WhatIf.Verdicts(answer).ToList();
        var problems = new List<string>();
        if (decision != test.Expect)
        {
            problems.Add($"expected {test.Expect}, got {decision}");
        }

        var missing = (test.ExpectApplied ?? []).Where(p => !verdicts.Any(v => v.Applied && (v.Id == p || v.Name == p))).ToList();
        if (missing.Count > 0)
        {
            problems.Add("did not apply: " + string.Join(", ", missing));
        }

        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"PASS  {test.Name}");
            return true;
        }

        await output.WriteLineAsync($"FAIL  {test.Name}: {string.Join("; ", problems)}");

        // Why: the reasons of the policies that applied, and of the expected ones that did not.
        foreach (var verdict in verdicts.Where(v => v.Applied || missing.Contains(v.Id) || missing.Contains(v.Name)))
        {
            await output.WriteLineAsync($"      {verdict.Name} ({verdict.State}, {(verdict.Applied ? "applied" : "not applied")}, {verdict.Result}): {string.Join("; ", verdict.Reasons)}");
        }

        return false;
    }

    /// <summary>The cases, or null after reporting every malformed one (nothing runs then).</summary>
    private List<PolicyTestCase>? Load(string path)
    {
        switch (YamlReader.Read<PolicyTestFile>(path))
        {
            case YamlRead<PolicyTestFile>.Failed failed:
                error.WriteLine("error: " + failed.Message);
                return null;
            case YamlRead<PolicyTestFile>.Read { Value.Cases: null or [] }:
                error.WriteLine($"error: {path}: expected a top-level 'cases:' list with at least one case.");
                return null;
            case YamlRead<PolicyTestFile>.Read read:
                var errors = new List<string>();
                var cases = read.Value.Cases!;
                for (var i = 0; i < cases.Count; i++)
                {
                    var where = $"{path}: cases[{i}]{(cases[i]?.Name is { } n ? $" '{n}'" : "")}";
                    if (cases[i] is not { } test)
                    {
                        errors.Add($"{where}: an empty case.");
                        continue;
                    }

                    errors.AddRange(new (string Field, bool Missing)[]
                        {
                            ("name", string.IsNullOrWhiteSpace(test.Name)),
                            ("userId", string.IsNullOrWhiteSpace(test.UserId)),
                            ("resourceId", string.IsNullOrWhiteSpace(test.ResourceId)),
                        }
                        .Where(f => f.Missing).Select(f => $"{where}: {f.Field} is required."));
                    if (!Decisions.Contains(test.Expect))
                    {
                        errors.Add($"{where}: expect must be allow, block or challenge.");
                    }
                }

                foreach (var message in errors)
                {
                    error.WriteLine("error: " + message);
                }

                return errors.Count == 0 ? cases : null;
            default:
                throw new InvalidOperationException("Unknown read result.");
        }
    }
}
