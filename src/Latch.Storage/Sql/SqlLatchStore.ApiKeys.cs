using Latch.Core.Audit;
using Latch.Storage.Access;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    public Task AddApiKeyAsync(ApiKeyRecord key, byte[] keyHash, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("""
                INSERT INTO api_keys (id, name, role, key_hash, created_at) VALUES (@Id, @Name, @Role, @keyHash, @CreatedAt)
                """, new { key.Id, key.Name, key.Role, keyHash, key.CreatedAt });
            await scope.AuditAsync(audit, key.CreatedAt);
            return true;
        }, ct);

    public Task<ApiKeyRecord?> FindActiveApiKeyAsync(byte[] keyHash, CancellationToken ct) =>
        QuerySingleAsync<ApiKeyRecord>(
            """
            SELECT k.pk, k.id, k.name, k.role, k.created_at, k.revoked_at, c.id AS controller_id, c.door_id AS controller_door_id
            FROM api_keys k LEFT JOIN door_controllers c ON c.api_key_pk = k.pk AND c.removed_at IS NULL
            WHERE k.key_hash = @keyHash AND k.revoked_at IS NULL
            """,
            new { keyHash }, ct);

    public Task<bool> RevokeApiKeyAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync(
                "UPDATE api_keys SET revoked_at = @nowMs WHERE id = @id AND revoked_at IS NULL", new { id, nowMs });
            if (changed == 0)
            {
                return false;
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    public async Task<long> CountActiveApiKeysAsync(CancellationToken ct) =>
        await QuerySingleAsync<long>("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL", new { }, ct);
}
