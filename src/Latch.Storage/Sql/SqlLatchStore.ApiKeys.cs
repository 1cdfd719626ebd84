using Latch.Core.Audit;
using Latch.Storage.Access;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    public Task AddApiKeyAsync(ApiKeyRecord key, byte[] keyHash, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("""
                INSERT INTO api_keys (id, name, role, key_hash, created_at, resource_pk) VALUES (@Id, @Name, @Role, @keyHash, @CreatedAt, @ResourcePk)
                """, new { key.Id, key.Name, key.Role, keyHash, key.CreatedAt, key.ResourcePk });
            await scope.AuditAsync(audit, key.CreatedAt);
            return true;
        }, ct);

    private const string ApiKeySelect = """
        SELECT k.pk, k.id, k.name, k.role, k.created_at, k.revoked_at, c.id AS controller_id, c.door_id AS controller_door_id,
               k.resource_pk, r.id AS resource_id
        FROM api_keys k LEFT JOIN door_controllers c ON c.api_key_pk = k.pk AND c.removed_at IS NULL
             LEFT JOIN resources r ON r.pk = k.resource_pk
        """;

    public Task<ApiKeyRecord?> FindActiveApiKeyAsync(byte[] keyHash, CancellationToken ct) =>
        QuerySingleAsync<ApiKeyRecord>($"{ApiKeySelect} WHERE k.key_hash = @keyHash AND k.revoked_at IS NULL", new { keyHash }, ct);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(bool includeRevoked, int limit, CancellationToken ct) =>
        QueryListAsync<ApiKeyRecord>($"{ApiKeySelect} WHERE @includeRevoked OR k.revoked_at IS NULL ORDER BY k.pk LIMIT @limit",
            new { includeRevoked, limit }, ct);

    /// <summary>The row lock taken on the active admin keys before one is revoked (PostgreSQL: <c>FOR UPDATE</c>).</summary>
    protected virtual string AdminKeyLockClause => "";

    public Task<RevokeApiKeyResult> RevokeApiKeyAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            // The last active admin key stays: without one no admin call can be made again, and the bootstrap key is
            // used only by a store without any active key. The count and the revocation share this write. SQLite runs
            // writes one at a time; on PostgreSQL the active admin keys are locked in key order, so a concurrent
            // revocation waits here and then counts without the key this one revoked. A key's role never changes, so
            // it is read without a lock.
            var role = await scope.FirstOrDefaultAsync<string>("SELECT role FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id });
            if (role == "admin")
            {
                var admins = (await scope.QueryAsync<string>(
                    $"SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL ORDER BY pk {AdminKeyLockClause}")).ToList();
                if (admins is [var only] && only == id)
                {
                    return RevokeApiKeyResult.LastAdmin;
                }
            }

            var changed = await scope.ExecuteAsync(
                "UPDATE api_keys SET revoked_at = @nowMs WHERE id = @id AND revoked_at IS NULL", new { id, nowMs });
            if (changed == 0)
            {
                return RevokeApiKeyResult.NotFound;
            }

            await scope.AuditAsync(audit, nowMs);
            return RevokeApiKeyResult.Revoked;
        }, ct);

    public async Task<long> CountActiveApiKeysAsync(CancellationToken ct) =>
        await QuerySingleAsync<long>("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL", new { }, ct);
}
