using Latch.Server.Http;
using Latch.Server.Policies;

namespace Latch.Cli.Policies;

/// <summary>
/// Loads a policy file and checks every document with the server's own reader before anything is sent, so a bad
/// file changes nothing. Ids the documents name are checked by the server, which knows them.
/// </summary>
internal static class PolicyFileLoader
{
    public static (IReadOnlyList<LocalPolicy>? Policies, IReadOnlyList<string> Errors) Load(string path)
    {
        switch (YamlReader.Read<PolicyFile>(path))
        {
            case YamlRead<PolicyFile>.Failed failed:
                return (null, [failed.Message]);
            case YamlRead<PolicyFile>.Read { Value.Policies: null }:
                return (null, [$"{path}: expected a top-level 'policies:' list (use 'policies: []' for none)."]);
            case YamlRead<PolicyFile>.Read read:
                return Check(path, read.Value.Policies!);
            default:
                throw new InvalidOperationException("Unknown read result.");
        }
    }

    private static (IReadOnlyList<LocalPolicy>?, IReadOnlyList<string>) Check(string path, List<PolicyDocument> documents)
    {
        var errors = new List<string>();
        var policies = new List<LocalPolicy>();
        for (var i = 0; i < documents.Count; i++)
        {
            var where = $"{path}: policies[{i}]";
            if (documents[i] is not { } given)
            {
                errors.Add($"{where}: an empty entry.");
                continue;
            }

            where += given.Name is null ? "" : $" '{given.Name}'";
            var fields = new FieldErrors();

            // Version and audit fields describe a stored version, not the desired state: the file does not carry them.
            var normalized = PolicyDocuments.Normalize(given with { Id = null, Version = null, UpdatedAt = null, UpdatedBy = null }, fields);
            foreach (var (field, messages) in fields.All)
            {
                errors.Add($"{where}: {field}: {string.Join(" ", messages)}");
            }

            if (normalized is not null)
            {
                policies.Add(new LocalPolicy(given.Id, normalized));
            }
        }

        foreach (var name in policies.GroupBy(p => p.Document.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{path}: the name '{name}' is used by more than one policy; names are unique.");
        }

        foreach (var id in policies.Where(p => p.Id is not null).GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{path}: the id '{id}' is used by more than one policy.");
        }

        return errors.Count > 0 ? (null, errors) : (policies, []);
    }
}

/// <summary>One policy of a file: the id it gives (if any) and its normalized document (no id, no version).</summary>
internal sealed record LocalPolicy(string? Id, PolicyDocument Document);
