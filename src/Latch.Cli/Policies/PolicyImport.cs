using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Server.Http;
using Latch.Server.Policies;
using Spectre.Console;

namespace Latch.Cli.Policies;

/// <summary>
/// <c>latch policy import</c>: makes the server's policies match a file. A policy is found by id, else by name;
/// it is saved only when its normalized document differs, so re-importing an exported file adds no versions.
/// </summary>
internal sealed class PolicyImport(ApiClient client, TextWriter output, TextWriter error)
{
    private static readonly string[] Actions = ["created", "updated", "unchanged", "deleted"];
    private readonly List<(string Action, string Id, string Name)> _done = [];

    public async Task<int> RunAsync(string path, bool force, bool prune, CancellationToken ct)
    {
        var (policies, errors) = PolicyFileLoader.Load(path);
        if (policies is null)
        {
            foreach (var message in errors)
            {
                await error.WriteLineAsync("error: " + message);
            }

            await error.WriteLineAsync("nothing was changed.");
            return CliOutput.Failed;
        }

        var (status, answer) = await client.SendAsync(HttpMethod.Get, "/v1/policies", null, ct);
        if (status != 200)
        {
            return CliOutput.Problem(error, status, answer);
        }

        var stored = answer.Deserialize(LatchJson.Default.ListPolicyDocument) ?? [];
        var targets = Match(policies, stored);
        var query = force ? "?force=true" : "";
        foreach (var policy in policies)
        {
            var failed = targets.TryGetValue(policy, out var target)
                ? await UpdateAsync(policy, target, query, ct)
                : await CreateAsync(policy, query, ct);
            if (failed)
            {
                return Report(CliOutput.Failed);
            }
        }

        if (prune)
        {
            var kept = targets.Values.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var old in stored.Where(s => !kept.Contains(s.Id!)))
            {
                var (deleteStatus, deleteAnswer) = await client.SendAsync(HttpMethod.Delete, $"/v1/policies/{Uri.EscapeDataString(old.Id!)}", null, ct);
                if (deleteStatus != 204)
                {
                    CliOutput.Problem(error, deleteStatus, deleteAnswer, $"deleting policy '{old.Name}'");
                    return Report(CliOutput.Failed);
                }

                _done.Add(("deleted", old.Id!, old.Name ?? ""));
            }
        }

        return Report(CliOutput.Ok);
    }

    /// <summary>Ids first, then names among the policies no id claimed, so one stored policy is never matched twice.</summary>
    private static Dictionary<LocalPolicy, PolicyDocument> Match(IReadOnlyList<LocalPolicy> policies, List<PolicyDocument> stored)
    {
        var targets = new Dictionary<LocalPolicy, PolicyDocument>(ReferenceEqualityComparer.Instance);
        foreach (var policy in policies)
        {
            if (stored.FirstOrDefault(s => policy.Id is not null && s.Id == policy.Id) is { } byId)
            {
                targets[policy] = byId;
            }
        }

        foreach (var policy in policies.Where(p => !targets.ContainsKey(p)))
        {
            var claimed = targets.Values.ToHashSet(ReferenceEqualityComparer.Instance);
            if (stored.FirstOrDefault(s => s.Name == policy.Document.Name && !claimed.Contains(s)) is { } byName)
            {
                targets[policy] = byName;
            }
        }

        return targets;
    }

    private async Task<bool> UpdateAsync(LocalPolicy policy, PolicyDocument target, string query, CancellationToken ct)
    {
        if (Json(policy.Document) == Json(target with { Id = null, Version = null, UpdatedAt = null, UpdatedBy = null }))
        {
            _done.Add(("unchanged", target.Id!, target.Name ?? ""));
            return false;
        }

        // The version read above: a save by someone else in between is refused rather than overwritten.
        var body = Node(policy.Document with { Id = target.Id, Version = target.Version });
        var (status, answer) = await client.SendAsync(HttpMethod.Put, $"/v1/policies/{Uri.EscapeDataString(target.Id!)}{query}", body, ct);
        if (status != 200)
        {
            CliOutput.Problem(error, status, answer, $"updating policy '{policy.Document.Name}'");
            return true;
        }

        _done.Add(("updated", target.Id!, policy.Document.Name ?? ""));
        return false;
    }

    private async Task<bool> CreateAsync(LocalPolicy policy, string query, CancellationToken ct)
    {
        var (status, answer) = await client.SendAsync(HttpMethod.Post, "/v1/policies" + query, Node(policy.Document), ct);
        if (status != 201)
        {
            CliOutput.Problem(error, status, answer, $"creating policy '{policy.Document.Name}'");
            return true;
        }

        _done.Add(("created", answer?["id"]?.GetValue<string>() ?? "", policy.Document.Name ?? ""));
        return false;
    }

    /// <summary>What was done (also when a later step failed, so the operator knows where it stopped).</summary>
    private int Report(int exit)
    {
        var table = new Table().AddColumns("action", "id", "name");
        foreach (var (action, id, name) in _done)
        {
            table.AddRow(action, Markup.Escape(id), Markup.Escape(name));
        }

        CliConsole.For(output).Write(table);
        var counts = string.Join(", ", Actions.Select(a => $"{_done.Count(d => d.Action == a)} {a}"));
        output.WriteLine(exit == CliOutput.Ok ? counts : counts + " before the failure");
        return exit;
    }

    private static string Json(PolicyDocument document) => JsonSerializer.Serialize(document, LatchJson.Default.PolicyDocument);

    private static JsonNode? Node(PolicyDocument document) => JsonSerializer.SerializeToNode(document, LatchJson.Default.PolicyDocument);
}
