using Latch.Core.Audit;
using Latch.Storage.Access;
using Latch.Storage.Codes;
using Latch.Storage.Directory;

namespace Latch.Storage;

/// <summary>
/// Everything Latch keeps. Every write that changes state appends its audit entry in the same transaction, so
/// the log and the data never disagree. Times are passed in as Unix milliseconds; the store reads no clock.
/// </summary>
public interface ILatchStore : IAsyncDisposable
{
    /// <summary>Applies pending migrations; called once at start-up.</summary>
    Task MigrateAsync(CancellationToken ct);

    Task<bool> IsReadyAsync(CancellationToken ct);

    // Directory
    Task<AddResult<UserRecord>> AddUserAsync(UserRecord user, AuditDraft audit, CancellationToken ct);
    Task<UserRecord?> FindUserAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(int limit, CancellationToken ct);
    Task<AddResult<GroupRecord>> AddGroupAsync(GroupRecord group, AuditDraft audit, CancellationToken ct);
    Task<GroupRecord?> FindGroupAsync(string id, CancellationToken ct);
    Task<AddResult<UserRecord>> AddGroupMemberAsync(long groupPk, string userId, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(long groupPk, CancellationToken ct);
    Task<AddResult<ResourceRecord>> AddResourceAsync(ResourceRecord resource, AuditDraft audit, CancellationToken ct);
    Task<ResourceRecord?> FindResourceAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<ResourceRecord>> ListResourcesAsync(int limit, CancellationToken ct);
    Task<AddResult<DeviceRecord>> AddDeviceAsync(DeviceRecord device, AuditDraft audit, CancellationToken ct);
    Task<DeviceRecord?> FindDeviceAsync(string id, CancellationToken ct);
    Task<AddResult<LocationRecord>> AddLocationAsync(LocationRecord location, AuditDraft audit, CancellationToken ct);
    Task<LocationRecord?> FindLocationAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(int limit, CancellationToken ct);

    // API keys
    Task AddApiKeyAsync(ApiKeyRecord key, byte[] keyHash, AuditDraft audit, CancellationToken ct);
    Task<ApiKeyRecord?> FindActiveApiKeyAsync(byte[] keyHash, CancellationToken ct);
    Task<bool> RevokeApiKeyAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<long> CountActiveApiKeysAsync(CancellationToken ct);

    // Codes
    Task<IssueResult> IssueCodeAsync(NewCode code, IReadOnlyList<KeyTag> olderKeyTags, long nowMs, AuditDraft audit, CancellationToken ct);

    /// <summary>Consumes a code atomically (one success per use, across nodes) and audits the verdict.</summary>
    Task<CodeVerdict> VerifyCodeAsync(CodeAttempt attempt, Func<CodeVerdict, AuditDraft> audit, CancellationToken ct);
    Task<CodeRecord?> FindCodeAsync(string id, CancellationToken ct);
    Task<RevokeResult> RevokeCodeAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<int> RevokeCodesAsync(CodeScope scope, long nowMs, AuditDraft audit, CancellationToken ct);

    // Audit
    Task AppendAuditAsync(AuditDraft audit, long nowMs, CancellationToken ct);
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(long afterSeq, int limit, CancellationToken ct);

    /// <summary>All entries in sequence order, read in pages, for chain verification.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAuditAsync(CancellationToken ct);
}
