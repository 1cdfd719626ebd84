using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Latch.Cli.Commands;

/// <summary><c>latch code issue|verify|revoke</c>.</summary>
internal static class CodeCommands
{
    private static readonly string[] ShownFields = ["id", "code", "notBefore", "notAfter", "maxUses", "deliveredTo"];

    public static Command Create(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var command = new Command("code", "Issue, verify and revoke latch codes");
        connection.AddTo(command);
        command.Add(Issue(connection, output, error));
        command.Add(Verify(connection, output, error));
        command.Add(Revoke(connection, output, error));
        return command;
    }

    private static Command Issue(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var user = new Option<string>("--user") { Description = "User id (usr_...)", Required = true };
        var resource = new Option<string>("--resource") { Description = "Resource id (res_...)", Required = true };
        var ttl = new Option<int?>("--ttl") { Description = "Seconds the code stays valid (default 300)" };
        var maxUses = new Option<int?>("--max-uses") { Description = "How many times the code opens (default 1)" };
        var length = new Option<int?>("--length") { Description = "Digits (6-8, default 6)" };
        var deliver = new Option<string?>("--deliver") { Description = "Deliver instead of printing, by a configured method: outbox, email" };
        var issue = new Command("issue", "Issue a code; it is printed once (or delivered, and not printed)") { user, resource, ttl, maxUses, length, deliver };
        issue.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            var body = new JsonObject
            {
                ["userId"] = result.GetValue(user),
                ["resourceId"] = result.GetValue(resource),
                ["ttlSeconds"] = result.GetValue(ttl),
                ["maxUses"] = result.GetValue(maxUses),
                ["length"] = result.GetValue(length),
            };
            if (result.GetValue(deliver) is { } method)
            {
                body["deliver"] = new JsonObject { ["method"] = method };
            }

            foreach (var empty in body.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                body.Remove(empty);
            }

            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Post, "/v1/codes", body, ct);
            if (status != 201)
            {
                return CliOutput.Problem(error, status, answer);
            }

            var table = new Table().AddColumns("field", "value");
            foreach (var field in ShownFields)
            {
                if (answer?[field] is { } value)
                {
                    table.AddRow(field, Markup.Escape(value.ToString()));
                }
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
            console.Write(table);
            return CliOutput.Ok;
        }));
        return issue;
    }

    private static Command Verify(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var resource = new Option<string>("--resource") { Description = "Resource id (res_...)", Required = true };
        var code = new Argument<string>("code") { Description = "The typed code" };
        var user = new Option<string?>("--user") { Description = "The user typing it (a failure then counts against their codes)" };
        var verify = new Command("verify", "Verify and consume a code; exit code 0 granted, 2 denied") { resource, code, user };
        verify.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            var body = new JsonObject { ["resourceId"] = result.GetValue(resource), ["code"] = result.GetValue(code) };
            if (result.GetValue(user) is { } userId)
            {
                body["context"] = new JsonObject { ["userId"] = userId };
            }

            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Post, "/v1/codes/verify", body, ct);
            switch (status)
            {
                case 200:
                    await output.WriteLineAsync("granted: user " + answer?["userId"] + ", code " + answer?["codeId"]);
                    return CliOutput.Ok;
                case 403 when (answer?["granted"]) is not null:
                    await output.WriteLineAsync("denied: " + answer!["reason"]);
                    return CliOutput.Denied;
                default:
                    return CliOutput.Problem(error, status, answer);
            }
        }));
        return verify;
    }

    private static Command Revoke(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "Code id (cod_...)" };
        var revoke = new Command("revoke", "Revoke a code at once") { id };
        revoke.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Delete, $"/v1/codes/{Uri.EscapeDataString(result.GetValue(id)!)}", null, ct);
            if (status != 204)
            {
                return CliOutput.Problem(error, status, answer);
            }

            await output.WriteLineAsync("revoked");
            return CliOutput.Ok;
        }));
        return revoke;
    }
}
