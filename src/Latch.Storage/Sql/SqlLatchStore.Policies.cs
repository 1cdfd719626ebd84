using System.Data.Common;
using Latch.Core.Audit;
using Latch.Storage.Policies;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string PolicyColumns = "id, name, version, document, created_at, updated_at, updated_by";

    public Task<IReadOnlyList<PolicyRecord>> ListPoliciesAsync(CancellationToken ct) =>
        QueryListAsync<PolicyRecord>($"SELECT {PolicyColumns} FROM policies ORDER BY pk", new { }, ct);

    public Task<PolicyRecord?> FindPolicyAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<PolicyRecord>($"SELECT {PolicyColumns} FROM policies WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<PolicyVersionRecord>> ListPolicyVersionsAsync(string id, CancellationToken ct) =>
        QueryListAsync<PolicyVersionRecord>("""
            SELECT policy_id, version, change, document, changed_at, changed_by
            FROM policy_versions WHERE policy_id = @id ORDER BY version
            """, new { id }, ct);

    public async Task<PolicyEpoch> ReadPolicyEpochAsync(CancellationToken ct)
    {
        var (policy, location) = await QuerySingleAsync<(long, long)>(
            "SELECT (SELECT COALESCE(MAX(pk), 0) FROM policy_versions), (SELECT COALESCE(MAX(pk), 0) FROM locations)", new { }, ct);
        return new PolicyEpoch(policy, location);
    }

    public async Task<SavePolicyResult> CreatePolicyAsync(PolicyRecord policy, AuditDraft audit, CancellationToken ct)
    {
        try
        {
            await WriteAsync(async scope =>
            {
                await scope.ExecuteAsync("""
                    INSERT INTO policies (id, name, version, document, created_at, updated_at, updated_by)
                    VALUES (@Id, @Name, 1, @Document, @CreatedAt, @CreatedAt, @UpdatedBy)
                    """, policy);
                await AddPolicyVersionAsync(scope, policy.Id, 1, "created", policy.Document, policy.CreatedAt, policy.UpdatedBy);
                await scope.AuditAsync(audit, policy.CreatedAt);
                return true;
            }, ct);
            return new SavePolicyResult.Saved(new PolicyRecord
            {
                Id = policy.Id,
                Name = policy.Name,
                Version = 1,
                Document = policy.Document,
                CreatedAt = policy.CreatedAt,
                UpdatedAt = policy.CreatedAt,
                UpdatedBy = policy.UpdatedBy,
            });
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return new SavePolicyResult.NameTaken();
        }
    }

    /// <summary>Replaces a policy's document; the version increases by one and the new version is kept (unless nothing changed).</summary>
    public async Task<SavePolicyResult> UpdatePolicyAsync(
        string id, string name, string document, int? expectedVersion, long nowMs, string actor, AuditDraft audit, CancellationToken ct)
    {
        try
        {
            return await WriteAsync<SavePolicyResult>(async scope =>
            {
                var current = await scope.FirstOrDefaultAsync<PolicyRecord>($"SELECT {PolicyColumns} FROM policies WHERE id = @id", new { id });
                if (current is null)
                {
                    return new SavePolicyResult.NotFound();
                }

                if (expectedVersion is { } expected && expected != current.Version)
                {
                    return new SavePolicyResult.VersionMismatch(current.Version);
                }

                // Saving the same document again changes nothing, so it adds no version and no audit entry.
                if (current.Name == name && current.Document == document)
                {
                    return new SavePolicyResult.Saved(current);
                }

                // The version check and the increment are one statement, so two concurrent saves cannot both win.
                var version = await scope.FirstOrDefaultAsync<int?>("""
                    UPDATE policies SET name = @name, document = @document, version = version + 1, updated_at = @nowMs, updated_by = @actor
                    WHERE id = @id AND version = @Version RETURNING version
                    """, new { id, name, document, nowMs, actor, current.Version });
                if (version is null)
                {
                    return new SavePolicyResult.VersionMismatch(current.Version + 1);
                }

                await AddPolicyVersionAsync(scope, id, version.Value, "updated", document, nowMs, actor);
                await scope.AuditAsync(audit, nowMs);
                return new SavePolicyResult.Saved(new PolicyRecord
                {
                    Id = id,
                    Name = name,
                    Version = version.Value,
                    Document = document,
                    CreatedAt = current.CreatedAt,
                    UpdatedAt = nowMs,
                    UpdatedBy = actor,
                });
            }, ct);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return new SavePolicyResult.NameTaken();
        }
    }

    /// <summary>Removes a policy; its history stays, ending with a "deleted" version.</summary>
    public Task<bool> DeletePolicyAsync(string id, long nowMs, string actor, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var current = await scope.FirstOrDefaultAsync<PolicyRecord>($"DELETE FROM policies WHERE id = @id RETURNING {PolicyColumns}", new { id });
            if (current is null)
            {
                return false;
            }

            await AddPolicyVersionAsync(scope, id, current.Version + 1, "deleted", current.Document, nowMs, actor);
            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    private async Task AddPolicyVersionAsync(WriteScope scope, string policyId, int version, string change, string document, long changedAt, string changedBy)
    {
        await LockPolicyEpochAsync(scope);
        await scope.ExecuteAsync("""
            INSERT INTO policy_versions (policy_id, version, change, document, changed_at, changed_by)
            VALUES (@policyId, @version, @change, @document, @changedAt, @changedBy)
            """, new { policyId, version, change, document, changedAt, changedBy });
    }

    /// <summary>
    /// Holds back other writes of policies and named locations until this one commits, so that their rows' keys grow in
    /// commit order and the epoch (the highest keys) changes with every commit, as every node reads it. Without it a
    /// PostgreSQL write could take key 41, commit after another's 42, and leave nodes that read 42 on the older policy.
    /// SQLite's single writer commits in key order already.
    /// </summary>
    protected virtual Task LockPolicyEpochAsync(WriteScope scope) => Task.CompletedTask;
}
