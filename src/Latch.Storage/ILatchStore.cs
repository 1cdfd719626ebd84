using Latch.Core.Audit;
using Latch.Storage.Access;
using Latch.Storage.Authenticators;
using Latch.Storage.Codes;
using Latch.Storage.Console;
using Latch.Storage.Deliveries;
using Latch.Storage.Directory;
using Latch.Storage.Doors;
using Latch.Storage.Policies;
using Latch.Storage.SignIns;
using Latch.Storage.Visits;

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
    Task<IReadOnlyList<string>> ListGroupIdsOfUserAsync(long userPk, CancellationToken ct);
    Task<IReadOnlyList<(string UserId, IReadOnlyList<string> GroupIds)>> ListAdminsAsync(CancellationToken ct);
    Task<bool> SetUserRiskAsync(string id, string risk, long nowMs, AuditDraft audit, CancellationToken ct);
    /// <summary>Writes <paramref name="updated"/>'s contact details only if the row still holds <paramref name="read"/>'s.</summary>
    Task<UpdateUserResult> UpdateUserContactAsync(UserRecord read, UserRecord updated, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<AddResult<GroupRecord>> AddGroupAsync(GroupRecord group, AuditDraft audit, CancellationToken ct);
    Task<GroupRecord?> FindGroupAsync(string id, CancellationToken ct);
    Task<AddResult<UserRecord>> AddGroupMemberAsync(long groupPk, string userId, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(long groupPk, CancellationToken ct);
    Task<AddResult<ResourceRecord>> AddResourceAsync(ResourceRecord resource, AuditDraft audit, CancellationToken ct);
    Task<ResourceRecord?> FindResourceAsync(string id, CancellationToken ct);
    Task<ResourceRecord?> FindResourceByNameAsync(string name, CancellationToken ct);
    Task<IReadOnlyList<ResourceRecord>> ListResourcesAsync(int limit, CancellationToken ct);
    Task<AddResult<DeviceRecord>> AddDeviceAsync(DeviceRecord device, AuditDraft audit, CancellationToken ct);
    Task<DeviceRecord?> FindDeviceAsync(string id, CancellationToken ct);
    Task<AddResult<LocationRecord>> AddLocationAsync(LocationRecord location, AuditDraft audit, CancellationToken ct);
    Task<LocationRecord?> FindLocationAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(int limit, CancellationToken ct);

    // API keys
    Task AddApiKeyAsync(ApiKeyRecord key, byte[] keyHash, AuditDraft audit, CancellationToken ct);
    Task<ApiKeyRecord?> FindActiveApiKeyAsync(byte[] keyHash, CancellationToken ct);

    /// <summary>Revokes a key, unless it is the last active admin key (checked and revoked atomically, across nodes).</summary>
    Task<RevokeApiKeyResult> RevokeApiKeyAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<long> CountActiveApiKeysAsync(CancellationToken ct);

    /// <summary>API keys oldest first, the revoked ones too when asked (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(bool includeRevoked, int limit, CancellationToken ct);

    // Codes
    Task<IssueResult> IssueCodeAsync(NewCode code, IReadOnlyList<KeyTag> olderKeyTags, long nowMs, AuditDraft audit, CancellationToken ct);

    /// <summary>Consumes a code atomically (one success per use, across nodes) and audits the verdict.</summary>
    Task<CodeVerdict> VerifyCodeAsync(CodeAttempt attempt, Func<CodeVerdict, AuditDraft> audit, CancellationToken ct);
    Task<CodeRecord?> FindCodeAsync(string id, CancellationToken ct);
    Task<RevokeResult> RevokeCodeAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<int> RevokeCodesAsync(CodeScope scope, long nowMs, AuditDraft audit, CancellationToken ct);

    // Delivery queue (SPEC "Delivery"): messages are queued with their code (NewCode.Delivery), in its transaction.

    /// <summary>Whether any pending message is due, has a lapsed lease, or has outlived its code (a read).</summary>
    Task<bool> HasDeliveryWorkAsync(long nowMs, CancellationToken ct);

    /// <summary>Ends pending messages whose code expired or was revoked, erasing their sealed code; audits each.</summary>
    Task<IReadOnlyList<DeliveryRecord>> EndStaleDeliveriesAsync(long nowMs, Func<DeliveryRecord, AuditDraft> audit, CancellationToken ct);

    /// <summary>
    /// Leases up to <paramref name="limit"/> due messages of the given methods (the channels this node has) to
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/>, counting an attempt on each.
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> ClaimDeliveriesAsync(string owner, long nowMs, long leaseUntil, IReadOnlyList<string> methods, int limit, CancellationToken ct);

    /// <summary>
    /// Extends <paramref name="owner"/>'s lease on a message to <paramref name="leaseUntil"/>, just before it is sent; false
    /// when another node has taken it since (its lease ran out while the batch before it was sent).
    /// </summary>
    Task<bool> RenewDeliveryLeaseAsync(long pk, string owner, long leaseUntil, CancellationToken ct);

    /// <summary>Records an attempt's result if <paramref name="owner"/> still holds the lease (false otherwise), with its audit entry.</summary>
    Task<bool> RecordDeliveryAsync(long pk, string owner, DeliveryResult result, long nowMs, AuditDraft? audit, CancellationToken ct);
    Task<DeliveryRecord?> FindDeliveryAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<DeliveryAttemptRecord>> ListDeliveryAttemptsAsync(string id, CancellationToken ct);

    // Policies: every save keeps its version
    Task<IReadOnlyList<PolicyRecord>> ListPoliciesAsync(CancellationToken ct);
    Task<PolicyRecord?> FindPolicyAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<PolicyVersionRecord>> ListPolicyVersionsAsync(string id, CancellationToken ct);
    Task<PolicyEpoch> ReadPolicyEpochAsync(CancellationToken ct);
    Task<SavePolicyResult> CreatePolicyAsync(PolicyRecord policy, AuditDraft audit, CancellationToken ct);
    Task<SavePolicyResult> UpdatePolicyAsync(string id, string name, string document, int? expectedVersion, long nowMs, string actor, AuditDraft audit, CancellationToken ct);
    Task<bool> DeletePolicyAsync(string id, long nowMs, string actor, AuditDraft audit, CancellationToken ct);

    // Sign-ins, challenges, sessions
    Task AddSignInAsync(NewSignIn signIn, AuditDraft? sessionAudit, CancellationToken ct);
    Task<SignInRecord?> FindSignInAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<SignInRecord>> ListSignInsAsync(SignInQuery query, CancellationToken ct);
    Task<(long Total, long FromIp)> ReadSignInHistoryAsync(string userId, string ip, CancellationToken ct);
    Task<ChallengeRecord?> FindChallengeAsync(string id, CancellationToken ct);
    Task<CodeVerdict> VerifyChallengeCodeAsync(CodeAttempt attempt, ChallengeGrant grant, Func<CodeVerdict, AuditDraft> audit, AuditDraft sessionAudit, CancellationToken ct);
    Task AddPushApprovalAsync(PushApprovalRecord push, AuditDraft audit, CancellationToken ct);
    Task<PushApprovalRecord?> FindPushApprovalAsync(string id, CancellationToken ct);
    Task<bool> AnswerPushAsync(string id, long challengePk, int state, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<bool> CompleteChallengeByPushAsync(ChallengeGrant grant, long nowMs, AuditDraft sessionAudit, CancellationToken ct);
    Task<SessionRecord?> FindSessionAsync(string id, CancellationToken ct);
    Task<RevokeResult> RevokeSessionAsync(string id, long nowMs, string actor, string? reason, AuditDraft audit, CancellationToken ct);

    // Visits
    Task AddVisitAsync(VisitRecord visit, AuditDraft audit, CancellationToken ct);
    Task<VisitRecord?> FindVisitAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<VisitRecord>> ListVisitsAsync(VisitQuery query, CancellationToken ct);
    Task<bool> CancelVisitAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct);
    // Authenticator apps (TOTP): the secret is stored sealed; each time step is accepted once
    Task<AuthenticatorRecord> AddAuthenticatorAsync(AuthenticatorRecord authenticator, AuditDraft audit, CancellationToken ct);
    Task<AuthenticatorRecord?> FindAuthenticatorAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<AuthenticatorRecord>> ListAuthenticatorsAsync(long userPk, CancellationToken ct);
    Task<bool> HasActiveAuthenticatorAsync(long userPk, string kind, CancellationToken ct);
    Task<bool> DeleteAuthenticatorAsync(long pk, long nowMs, AuditDraft audit, CancellationToken ct);

    /// <summary>Activates a pending authenticator with its first valid time step (atomically: the step counts once).</summary>
    Task<bool> ActivateAuthenticatorAsync(long pk, long timeStep, long nowMs, AuditDraft audit, CancellationToken ct);

    /// <summary>
    /// Records an accepted time step (only if later than the last one, across nodes) and, in the same transaction,
    /// satisfies the challenge and starts its session — the code path's completion without a code.
    /// </summary>
    Task<AuthenticatorUse> CompleteChallengeWithAuthenticatorAsync(
        long authenticatorPk, long timeStep, ChallengeGrant grant, long nowMs, Func<AuthenticatorUse, AuditDraft> audit, AuditDraft sessionAudit,
        CancellationToken ct);

    // Admin web UI: console accounts (password + authenticator app) and the read models its pages need
    Task<AddResult<ConsoleAccountRecord>> AddConsoleAccountAsync(ConsoleAccountRecord account, AuditDraft audit, CancellationToken ct);
    Task<ConsoleAccountRecord?> FindConsoleAccountAsync(string id, CancellationToken ct);
    Task<ConsoleAccountRecord?> FindConsoleAccountByNameAsync(string userName, CancellationToken ct);
    Task<IReadOnlyList<ConsoleAccountRecord>> ListConsoleAccountsAsync(CancellationToken ct);
    /// <summary>Active console accounts (a pending one has not proven its authenticator yet).</summary>
    Task<long> CountActiveConsoleAccountsAsync(CancellationToken ct);

    /// <summary>Accepts a sign-in's TOTP step once (conditional update), activating a pending account; audited.</summary>
    Task<bool> AcceptConsoleSignInAsync(long pk, long timeStep, string? upgradedHash, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeListQuery query, CancellationToken ct);
    Task<CodeCounts> CountCodesAsync(long nowMs, CancellationToken ct);
    Task<UserRecord?> FindUserByNameAsync(string userName, CancellationToken ct);
    Task<IReadOnlyList<GroupRecord>> ListGroupsAsync(int limit, CancellationToken ct);
    Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(int limit, CancellationToken ct);
    Task<bool> SetDeviceComplianceAsync(string id, bool compliant, long nowMs, AuditDraft audit, CancellationToken ct);
    // Doors (issue 5): configuration, sealed offline secrets, controllers and their events
    Task<DoorRecord?> FindDoorAsync(long resourcePk, CancellationToken ct);
    Task<IReadOnlyList<ResourceRecord>> ListDoorResourcesAsync(int limit, CancellationToken ct);
    Task PutDoorConfigAsync(DoorRecord door, Func<int, byte[]>? sealFirstSecret, AuditDraft audit, CancellationToken ct);
    Task<int> RotateDoorSecretAsync(long doorPk, long nowMs, Func<int, byte[]> seal, Func<int, AuditDraft> audit, CancellationToken ct);
    Task<DoorSecretRecord?> FindDoorSecretAsync(long doorPk, CancellationToken ct);
    Task RecordDoorLastEventAsync(DoorRecord door, string action, long at, string? userId, CancellationToken ct);
    Task<ControllerRecord> AddControllerAsync(NewController controller, AuditDraft audit, CancellationToken ct);
    Task<ControllerRecord?> FindControllerAsync(string id, CancellationToken ct);
    Task<ControllerRecord?> FindControllerByThumbprintAsync(string thumbprint, CancellationToken ct);
    Task<IReadOnlyList<ControllerRecord>> ListControllersAsync(long doorPk, CancellationToken ct);
    Task<bool> RemoveControllerAsync(long pk, long nowMs, AuditDraft audit, CancellationToken ct);
    Task<bool> SetControllerCertificateAsync(long pk, string thumbprint, long notAfter, long nowMs, AuditDraft audit, CancellationToken ct);
    Task ReportControllerStateAsync(ControllerReport report, AuditDraft? audit, CancellationToken ct);
    Task<IReadOnlyList<OfflineRefRecord>> ListOfflineRevocationsAsync(long doorPk, long nowSeconds, CancellationToken ct);
    Task<OfflineCodeHolder?> FindOfflineCodeAsync(OfflineCodeRow reference, CancellationToken ct);
    Task<CodeHolder?> PeekCodeHolderAsync(long resourcePk, IReadOnlyList<KeyTag> tags, long nowMs, CancellationToken ct);
    Task<long> UploadDoorEventsAsync(
        long controllerPk, IReadOnlyList<NewDoorEvent> events, long nowMs, Func<NewDoorEvent, OfflineCodeHolder?, AuditDraft> audit, CancellationToken ct);

    // Audit
    Task AppendAuditAsync(AuditDraft audit, long nowMs, CancellationToken ct);
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(long afterSeq, int limit, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> entries before <paramref name="beforeSeq"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditBeforeAsync(long beforeSeq, int limit, CancellationToken ct);

    /// <summary>All entries in sequence order, read in pages, for chain verification.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAuditAsync(CancellationToken ct);

    /// <summary>
    /// All entries, newest first, read in pages by sequence number: for views of the latest entries, which stop reading
    /// once they have what they show.
    /// </summary>
    IAsyncEnumerable<AuditEntry> ReadAuditNewestFirstAsync(CancellationToken ct);
}
