using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Server.Http;
using Spectre.Console;

namespace Latch.Cli.Policies;

/// <summary>Builds What-If requests and prints their answers (SPEC contract: <c>POST /v1/policies/what-if</c>).</summary>
internal static class WhatIf
{
    public const string Path = "/v1/policies/what-if";

    /// <summary>
    /// The request; with <paramref name="drafts"/> the file's policies are tried as drafts (a draft carrying a stored
    /// policy's id replaces it), alone when <paramref name="draftsOnly"/>.
    /// </summary>
    public static JsonObject Request(string? userId, string? resourceId, JsonObject context, IReadOnlyList<LocalPolicy>? drafts, bool draftsOnly)
    {
        var body = new JsonObject { ["userId"] = userId, ["resourceId"] = resourceId, ["context"] = context };
        if (drafts is not null)
        {
            body["policies"] = new JsonArray([.. drafts.Select(d =>
                JsonSerializer.SerializeToNode(d.Document with { Id = d.Id }, LatchJson.Default.PolicyDocument))]);
            body["draftsOnly"] = draftsOnly;
        }

        return body;
    }

    /// <summary>A context holding only the values that were given.</summary>
    public static JsonObject Context(params (string Name, string? Value)[] values)
    {
        var context = new JsonObject();
        foreach (var (name, value) in values.Where(v => v.Value is not null))
        {
            context[name] = value;
        }

        return context;
    }

    public static void Print(TextWriter output, JsonNode answer)
    {
        output.WriteLine("decision: " + answer["decision"]);
        if (answer["requirements"] is JsonArray { Count: > 0 } requirements)
        {
            output.WriteLine("requirements: " + string.Join(", ", requirements.Select(r => r?.ToString())));
        }

        if (answer["risk"] is JsonObject risk)
        {
            var signals = risk["signals"] is JsonArray { Count: > 0 } list ? $" ({string.Join(", ", list.Select(s => s?.ToString()))})" : "";
            output.WriteLine($"risk: sign-in {risk["signIn"]}, user {risk["user"]}{signals}");
        }

        if (answer["challenge"] is JsonObject challenge)
        {
            // What-If stores nothing, so its challenge has no id: only the methods that could satisfy it.
            output.WriteLine("challenge methods: " + string.Join(", ", (challenge["methods"] as JsonArray ?? []).Select(m => m?.ToString())));
        }

        var table = new Table().AddColumns("name", "state", "applied", "result", "reasons");
        foreach (var verdict in Verdicts(answer))
        {
            table.AddRow(
                Markup.Escape(verdict.Name),
                Markup.Escape(verdict.State),
                verdict.Applied ? "yes" : "no",
                Markup.Escape(verdict.Result),
                Markup.Escape(string.Join("\n", verdict.Reasons)));
        }

        CliConsole.For(output).Write(table);
    }

    public static IEnumerable<Verdict> Verdicts(JsonNode answer) =>
        (answer["policies"] as JsonArray ?? []).OfType<JsonObject>().Select(p => new Verdict(
            p["id"]?.ToString() ?? "",
            p["name"]?.ToString() ?? "",
            p["state"]?.ToString() ?? "",
            p["applied"]?.GetValue<bool>() == true,
            p["result"]?.ToString() ?? "",
            [.. (p["reasons"] as JsonArray ?? []).Select(r => r?.ToString() ?? "")]));
}

/// <summary>One policy's line of a What-If answer.</summary>
internal sealed record Verdict(string Id, string Name, string State, bool Applied, string Result, IReadOnlyList<string> Reasons);
