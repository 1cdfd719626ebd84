using System.CommandLine;
using System.Text.Json.Nodes;
using Latch.Cli.Policies;

namespace Latch.Cli.Commands;

/// <summary><c>latch policy export|import|what-if|test</c>: policies as code, in YAML.</summary>
internal static class PolicyCommands
{
    // Output only: they describe a stored version, so leaving them out keeps an exported file stable across saves.
    private static readonly string[] StoredOnlyFields = ["version", "updatedAt", "updatedBy"];

    public static Command Create(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var command = new Command("policy", "Export, import, try and test conditional-access policies as YAML");
        connection.AddTo(command);
        command.Add(Export(connection, output, error));
        command.Add(Import(connection, output, error));
        command.Add(WhatIfCommand(connection, output, error));
        command.Add(Test(connection, output, error));
        return command;
    }

    private static Command Export(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var file = new Option<string?>("--file") { Description = "Write here instead of to standard output" };
        var export = new Command("export", "Write every policy as YAML (a 'policies:' list)") { file };
        export.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Get, "/v1/policies", null, ct);
            if (status != 200 || answer is not JsonArray stored)
            {
                return CliOutput.Problem(error, status, answer);
            }

            var policies = new JsonArray();
            foreach (var policy in stored.OfType<JsonObject>())
            {
                var copy = policy.DeepClone().AsObject();
                foreach (var field in StoredOnlyFields)
                {
                    copy.Remove(field);
                }

                policies.Add(copy);
            }

            var yaml = YamlWriter.Write(new JsonObject { ["policies"] = policies });
            if (result.GetValue(file) is { } path)
            {
                await File.WriteAllTextAsync(path, yaml, ct);
                await output.WriteLineAsync($"exported {policies.Count} policies to {path}");
            }
            else
            {
                await output.WriteAsync(yaml);
            }

            return CliOutput.Ok;
        }));
        return export;
    }

    private static Command Import(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A YAML file with a 'policies:' list" };
        var force = new Option<bool>("--force") { Description = "Save even a change that would lock every admin out" };
        var prune = new Option<bool>("--prune") { Description = "Delete the server's policies that the file does not hold" };
        var import = new Command("import", "Make the server's policies match a YAML file (by id, else by name)") { file, force, prune };
        import.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            using var client = connection.Client(result);
            return await new PolicyImport(client, output, error)
                .RunAsync(result.GetValue(file)!, result.GetValue(force), result.GetValue(prune), ct);
        }));
        return import;
    }

    private static Command WhatIfCommand(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var user = new Option<string>("--user") { Description = "User id (usr_...)", Required = true };
        var resource = new Option<string>("--resource") { Description = "Resource id (res_...)", Required = true };
        var ip = new Option<string?>("--ip") { Description = "Client IP address" };
        var device = new Option<string?>("--device") { Description = "Device id (dev_...)" };
        var clientApp = new Option<string?>("--client-app") { Description = "browser, mobile, api or keypad" };
        var at = new Option<string?>("--at") { Description = "Evaluate at this instant (ISO 8601)" };
        var signInRisk = new Option<string?>("--sign-in-risk") { Description = "Simulate the sign-in risk: none, low, medium, high" };
        var userRisk = new Option<string?>("--user-risk") { Description = "Simulate the user risk: none, low, medium, high" };
        var policies = new Option<string?>("--policies") { Description = "Try the policies of this YAML file as drafts" };
        var draftsOnly = new Option<bool>("--drafts-only") { Description = "With --policies: evaluate the drafts alone, not the stored set" };
        var json = new Option<bool>("--json") { Description = "Print the raw answer" };
        var whatIf = new Command("what-if", "Evaluate a request without side effects and show each policy's verdict")
        {
            user, resource, ip, device, clientApp, at, signInRisk, userRisk, policies, draftsOnly, json,
        };
        whatIf.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            IReadOnlyList<LocalPolicy>? drafts = null;
            if (result.GetValue(policies) is { } path)
            {
                (drafts, var errors) = PolicyFileLoader.Load(path);
                if (drafts is null)
                {
                    errors.ToList().ForEach(e => error.WriteLine("error: " + e));
                    return CliOutput.Failed;
                }
            }

            var context = WhatIf.Context(("ip", result.GetValue(ip)), ("deviceId", result.GetValue(device)),
                ("clientApp", result.GetValue(clientApp)), ("at", result.GetValue(at)),
                ("signInRisk", result.GetValue(signInRisk)), ("userRisk", result.GetValue(userRisk)));
            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Post, WhatIf.Path,
                WhatIf.Request(result.GetValue(user), result.GetValue(resource), context, drafts, result.GetValue(draftsOnly)), ct);
            if (status != 200 || answer is null)
            {
                return CliOutput.Problem(error, status, answer);
            }

            if (result.GetValue(json))
            {
                await output.WriteLineAsync(answer.ToJsonString());
            }
            else
            {
                WhatIf.Print(output, answer);
            }

            return CliOutput.Ok;
        }));
        return whatIf;
    }

    private static Command Test(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A YAML file with a 'cases:' list" };
        var policies = new Option<string?>("--policies") { Description = "Test the policies of this YAML file (as drafts, alone) instead of the stored ones" };
        var test = new Command("test", "Run test cases through What-If; exit code 1 when any case fails") { file, policies };
        test.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            using var client = connection.Client(result);
            var policiesPath = result.GetValue(policies);
            return await new PolicyTestRunner(client, output, error).RunAsync(result.GetValue(file)!, policiesPath, draftsOnly: policiesPath is not null, ct);
        }));
        return test;
    }
}
