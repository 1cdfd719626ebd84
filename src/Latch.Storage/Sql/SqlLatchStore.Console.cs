using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage.Codes;
using Latch.Storage.Console;
using Latch.Storage.Directory;

namespace Latch.Storage.Sql;

// The admin web UI's accounts, and the read models its pages need beyond what the API reads.
internal abstract partial class SqlLatchStore
{
    private const string ConsoleColumns =
        "pk, id, user_name, role, password_hash, totp_secret, state, last_step, created_at, created_by, last_sign_in_at";

    public Task<AddResult<ConsoleAccountRecord>> AddConsoleAccountAsync(ConsoleAccountRecord account, AuditDraft audit, CancellationToken ct) =>
        AddAsync("""
            INSERT INTO console_accounts (id, user_name, user_name_key, role, password_hash, totp_secret, state, last_step, created_at, created_by)
            VALUES (@Id, @UserName, @UserNameKey, @Role, @PasswordHash, @TotpSecret, @State, @LastStep, @CreatedAt, @CreatedBy) RETURNING pk
            """, account, audit, account.CreatedAt, pk => new ConsoleAccountRecord
        {
            Pk = pk,
            Id = account.Id,
            UserName = account.UserName,
            Role = account.Role,
            PasswordHash = account.PasswordHash,
            TotpSecret = account.TotpSecret,
            State = account.State,
            LastStep = account.LastStep,
            CreatedAt = account.CreatedAt,
            CreatedBy = account.CreatedBy,
        }, ct);

    public Task<ConsoleAccountRecord?> FindConsoleAccountAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<ConsoleAccountRecord>($"SELECT {ConsoleColumns} FROM console_accounts WHERE id = @id", new { id }, ct);

    /// <summary>The account named <paramref name="userName"/> by its key, as <see cref="FindUserByNameAsync"/> finds users.</summary>
    public Task<ConsoleAccountRecord?> FindConsoleAccountByNameAsync(string userName, CancellationToken ct) =>
        FindByNameKeyAsync<ConsoleAccountRecord>("console_accounts", ConsoleColumns, userName, ct);

    public Task<IReadOnlyList<ConsoleAccountRecord>> ListConsoleAccountsAsync(CancellationToken ct) =>
        QueryListAsync<ConsoleAccountRecord>($"SELECT {ConsoleColumns} FROM console_accounts ORDER BY pk", new { }, ct);

    public async Task<long> CountActiveConsoleAccountsAsync(CancellationToken ct) =>
        await QuerySingleAsync<long>("SELECT COUNT(*) FROM console_accounts WHERE state = 'active'", new { }, ct);

    /// <summary>
    /// Records a sign-in's TOTP step only if later than the last accepted one (a step signs in once, across nodes),
    /// activates a pending account with it, optionally upgrades the password hash, and audits — in one transaction.
    /// </summary>
    public Task<bool> AcceptConsoleSignInAsync(long pk, long timeStep, string? upgradedHash, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var accepted = await scope.ExecuteAsync("""
                UPDATE console_accounts SET last_step = @timeStep, state = 'active', last_sign_in_at = @nowMs,
                       password_hash = COALESCE(@upgradedHash, password_hash)
                WHERE pk = @pk AND last_step < @timeStep
                """, new { pk, timeStep, nowMs, upgradedHash }) == 1;
            if (accepted)
            {
                await scope.AuditAsync(audit, nowMs);
            }

            return accepted;
        }, ct);

    public Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeListQuery query, CancellationToken ct) =>
        QueryListAsync<CodeRecord>($"""
            {CodeSql.Select[..CodeSql.Select.IndexOf("WHERE", StringComparison.Ordinal)]}
            WHERE (@Status IS NULL
                OR (@Status = 'pending' AND c.state = 0 AND c.not_after > @NowMs)
                OR (@Status = 'used' AND c.state = 1)
                OR (@Status = 'revoked' AND c.state = 2)
                OR (@Status = 'expired' AND (c.state IN (3, 4) OR (c.state = 0 AND c.not_after <= @NowMs))))
            ORDER BY c.pk DESC LIMIT @Limit
            """, query, ct);

    public async Task<CodeCounts> CountCodesAsync(long nowMs, CancellationToken ct) =>
        await QuerySingleAsync<CodeCounts>("""
            SELECT COUNT(*) AS issued,
                   COALESCE(SUM(CASE WHEN state = 0 AND not_after > @nowMs THEN 1 ELSE 0 END), 0) AS pending,
                   COALESCE(SUM(CASE WHEN state = 1 THEN 1 ELSE 0 END), 0) AS used,
                   COALESCE(SUM(CASE WHEN state IN (3, 4) OR (state = 0 AND not_after <= @nowMs) THEN 1 ELSE 0 END), 0) AS expired,
                   COALESCE(SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0) AS revoked
            FROM codes
            """, new { nowMs }, ct) ?? new CodeCounts(0, 0, 0, 0, 0);

    /// <summary>The user named <paramref name="userName"/>, by the name's key (see <see cref="UserNames"/>).</summary>
    public Task<UserRecord?> FindUserByNameAsync(string userName, CancellationToken ct) =>
        FindByNameKeyAsync<UserRecord>("users", UserColumns, userName, ct);

    public Task<IReadOnlyList<GroupRecord>> ListGroupsAsync(int limit, CancellationToken ct) =>
        QueryListAsync<GroupRecord>("SELECT pk, id, name, created_at FROM groups ORDER BY pk LIMIT @limit", new { limit }, ct);

    public Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(int limit, CancellationToken ct) =>
        QueryListAsync<DeviceRecord>("""
            SELECT d.pk, d.id, d.name, u.id AS owner_id, d.platform, d.compliant, d.fingerprint, d.created_at
            FROM devices d LEFT JOIN users u ON u.pk = d.owner_pk ORDER BY d.pk LIMIT @limit
            """, new { limit }, ct);

    public Task<bool> SetDeviceComplianceAsync(string id, bool compliant, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            if (await scope.ExecuteAsync("UPDATE devices SET compliant = @compliant WHERE id = @id AND compliant <> @compliant", new { id, compliant }) == 0)
            {
                return false;
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);
}
