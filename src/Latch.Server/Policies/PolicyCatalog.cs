using System.Text.Json;
using Latch.Core.Policies;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Policies;

namespace Latch.Server.Policies;

/// <summary>
/// The compiled policy set, rebuilt only when a policy or named location changed (on any node: the store's epoch
/// says so), so evaluation never parses or compiles on the request path.
/// </summary>
internal sealed class PolicyCatalog(ILatchStore store)
{
    private const int MaxLocations = 100_000;
    private volatile PolicySnapshot? _current;

    public async Task<PolicySnapshot> CurrentAsync(CancellationToken ct)
    {
        var epoch = await store.ReadPolicyEpochAsync(ct);
        if (_current is { } current && current.Epoch == epoch)
        {
            return current;
        }

        var policies = (await store.ListPoliciesAsync(ct)).Select(ToPolicy).ToList();
        var locations = await LocationsAsync(ct);
        var snapshot = new PolicySnapshot(epoch, PolicySet.Compile(policies, locations));
        _current = snapshot;
        return snapshot;
    }

    /// <summary>
    /// The stored set with drafts applied (a draft with a stored policy's id replaces it; others are added), or the
    /// drafts alone. Drafts are compiled for this one call and never stored.
    /// </summary>
    public static PolicySnapshot WithDrafts(PolicySnapshot stored, IReadOnlyList<Policy> drafts, bool draftsOnly)
    {
        var draftIds = drafts.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        List<Policy> policies = draftsOnly ? [.. drafts] : [.. stored.Set.Policies.Where(p => !draftIds.Contains(p.Id)), .. drafts];
        return stored with { Set = PolicySet.Compile(policies, stored.Set.Locations) };
    }

    public static Policy ToPolicy(PolicyRecord record)
    {
        var document = JsonSerializer.Deserialize(record.Document, LatchJson.Default.PolicyDocument)
            ?? throw new InvalidDataException($"Policy {record.Id} has an empty document.");
        var errors = new FieldErrors();

        // Stored documents were validated when saved; one that no longer reads is a fault in the store, not the caller's.
        var definition = PolicyDocuments.Read(document, errors)
            ?? throw new InvalidDataException($"Policy {record.Id} version {record.Version} no longer reads: {string.Join("; ", errors.All.Keys)}.");
        return new Policy(record.Id, record.Version, definition);
    }

    private async Task<IReadOnlyList<NamedLocation>> LocationsAsync(CancellationToken ct) =>
        [.. (await store.ListLocationsAsync(MaxLocations, ct)).Select(l => new NamedLocation(
            l.Id, l.Name, JsonSerializer.Deserialize(l.Cidrs, LatchJson.Default.IReadOnlyListString) ?? [], l.Trusted))];
}

/// <summary>A compiled policy set and the store epoch it was compiled at.</summary>
internal sealed record PolicySnapshot(PolicyEpoch Epoch, PolicySet Set);
