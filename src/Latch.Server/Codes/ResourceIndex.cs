using System.Collections.Concurrent;
using Latch.Core.Directory;
using Latch.Storage;

namespace Latch.Server.Codes;

/// <summary>
/// Maps resource public ids to their internal keys for the verify path. Resources are never deleted or re-keyed,
/// so a found entry stays true; misses go to the store.
/// </summary>
internal sealed class ResourceIndex(ILatchStore store)
{
    private readonly ConcurrentDictionary<string, long> _known = new(StringComparer.Ordinal);

    public async ValueTask<long?> FindAsync(string? id, CancellationToken ct)
    {
        if (!PublicId.HasShape(id, PublicId.Resource))
        {
            return null;
        }

        if (_known.TryGetValue(id!, out var pk))
        {
            return pk;
        }

        var resource = await store.FindResourceAsync(id!, ct);
        if (resource is null)
        {
            return null;
        }

        _known[id!] = resource.Pk;
        return resource.Pk;
    }
}
