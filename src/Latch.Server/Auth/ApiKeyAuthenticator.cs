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
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<Caller?> AuthenticateAsync(ReadOnlyMemory<char> presented, CancellationToken ct)
    {
        var hash = ApiKeySecret.HashOf(presented.Span);
        var cacheKey = Convert.ToBase64String(hash);
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

        var caller = new Caller(record.Id, role, record.ControllerId, record.ControllerDoorId);
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
}
