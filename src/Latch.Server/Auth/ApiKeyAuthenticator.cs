using System.Buffers.Binary;
using System.Collections.Concurrent;
using Latch.Core.Access;
using Latch.Storage;

namespace Latch.Server.Auth;

/// <summary>
/// Resolves a bearer key to its caller. Known keys are cached briefly by hash so the hot path does not read the
/// store on every request; revoking a key on this node evicts it at once, other nodes within the cache lifetime.
/// </summary>
internal sealed class ApiKeyAuthenticator(ILatchStore store, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<HashKey, (Caller Caller, DateTimeOffset Until)> _cache = new();

    public async ValueTask<Caller?> AuthenticateAsync(ReadOnlyMemory<char> presented, CancellationToken ct)
    {
        var hash = ApiKeySecret.HashOf(presented.Span);
        var cacheKey = HashKey.Of(hash);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > now)
        {
            return cached.Caller;
        }

        var record = await store.FindActiveApiKeyAsync(hash, ct);
        if (record is null || !Roles.TryParse(record.Role, out var role))
        {
            _cache.TryRemove(cacheKey, out _);
            return null;
        }

        var caller = new Caller(record.Id, role, record.ControllerId, record.ControllerDoorId, ResourceId: record.ResourceId);
        _cache[cacheKey] = (caller, now + CacheLifetime);
        return caller;
    }

    public void Forget(string keyId)
    {
        foreach (var (cacheKey, entry) in _cache)
        {
            if (entry.Caller.KeyId == keyId)
            {
                _cache.TryRemove(cacheKey, out _);
            }
        }
    }

    // The key's hash as a value: the cache is looked up on every request without building a string from it.
    private readonly record struct HashKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static HashKey Of(byte[] hash) => new(
            BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(hash.Length - 32)), BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(hash.Length - 24)),
            BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(hash.Length - 16)), BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(hash.Length - 8)));
    }
}
