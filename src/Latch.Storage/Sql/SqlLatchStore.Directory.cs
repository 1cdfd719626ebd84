using System.Data.Common;
using Dapper;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage.Directory;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string UserColumns = "pk, id, user_name, display_name, email, phone, role, risk, default_method, created_at";
    private const string ResourceColumns = "pk, id, name, kind, sensitivity, created_at";
    private const string LocationColumns = "pk, id, name, cidrs, trusted, created_at";

    /// <summary>Inserts a row and its audit entry; a taken unique name becomes <see cref="AddResult{T}.Conflict"/>.</summary>
    private async Task<AddResult<T>> AddAsync<T>(
        string insertSql, T row, AuditDraft audit, long nowMs, Func<long, T> withPk, CancellationToken ct, Func<WriteScope, Task>? first = null)
    {
        try
        {
            var pk = await WriteAsync(async scope =>
            {
                if (first is not null)
                {
                    await first(scope);
                }

                var pk = await scope.ScalarAsync<long>(insertSql, row);
                await scope.AuditAsync(audit, nowMs);
                return pk;
            }, ct);
            return new AddResult<T>.Added(withPk(pk));
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return new AddResult<T>.Conflict();
        }
    }

    /// <summary>
    /// Gives the users and console accounts created before their name key (migrations 011 and 013) that key, oldest
    /// first. A row whose key an older row already holds keeps none: both stay as they are, and no new name can take
    /// either one's key.
    /// </summary>
    protected static async Task FillNameKeysAsync(DbConnection connection, DbTransaction transaction)
    {
        foreach (var table in new[] { "users", "console_accounts" })
        {
            var rows = await connection.QueryAsync<(long Pk, string UserName)>(
                $"SELECT pk, user_name FROM {table} WHERE user_name_key IS NULL ORDER BY pk", transaction: transaction);
            foreach (var (pk, userName) in rows)
            {
                await connection.ExecuteAsync(
                    $"UPDATE {table} SET user_name_key = @key WHERE pk = @pk AND NOT EXISTS (SELECT 1 FROM {table} WHERE user_name_key = @key)",
                    new { pk, key = UserNames.Key(userName) }, transaction);
            }
        }
    }

    /// <summary>
    /// The row of <paramref name="table"/> named <paramref name="userName"/> by its key, or exactly for a row left without
    /// a key because its name clashed with an older row's (see <see cref="FillNameKeysAsync"/>); a row with exactly that
    /// name comes first.
    /// </summary>
    private Task<T?> FindByNameKeyAsync<T>(string table, string columns, string userName, CancellationToken ct) =>
        QuerySingleAsync<T>($"""
            SELECT {columns} FROM {table} WHERE user_name_key = @key OR (user_name_key IS NULL AND user_name = @userName)
            ORDER BY CASE WHEN user_name = @userName THEN 0 ELSE 1 END, pk
            """, new { key = UserNames.Key(userName), userName }, ct);

    public Task<AddResult<UserRecord>> AddUserAsync(UserRecord user, AuditDraft audit, CancellationToken ct) =>
        AddAsync("""
            INSERT INTO users (id, user_name, user_name_key, display_name, email, phone, role, risk, default_method, created_at)
            VALUES (@Id, @UserName, @UserNameKey, @DisplayName, @Email, @Phone, @Role, @Risk, @DefaultMethod, @CreatedAt) RETURNING pk
            """, user, audit, user.CreatedAt, pk => new UserRecord
        {
            Pk = pk,
            Id = user.Id,
            UserName = user.UserName,
            DisplayName = user.DisplayName,
            Email = user.Email,
            Phone = user.Phone,
            Role = user.Role,
            Risk = user.Risk,
            DefaultMethod = user.DefaultMethod,
            CreatedAt = user.CreatedAt,
        }, ct);

    public Task<UserRecord?> FindUserAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<UserRecord>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(int limit, CancellationToken ct) =>
        QueryListAsync<UserRecord>($"SELECT {UserColumns} FROM users ORDER BY pk LIMIT @limit", new { limit }, ct);

    public Task<IReadOnlyList<string>> ListGroupIdsOfUserAsync(long userPk, CancellationToken ct) =>
        QueryListAsync<string>("SELECT g.id FROM group_members m JOIN groups g ON g.pk = m.group_pk WHERE m.user_pk = @userPk ORDER BY g.pk",
            new { userPk }, ct);

    /// <summary>Users holding the admin role, with their groups (for lock-out protection).</summary>
    public async Task<IReadOnlyList<(string UserId, IReadOnlyList<string> GroupIds)>> ListAdminsAsync(CancellationToken ct)
    {
        var rows = await QueryListAsync<(string UserId, string? GroupId)>("""
            SELECT u.id, g.id FROM users u
            LEFT JOIN group_members m ON m.user_pk = u.pk LEFT JOIN groups g ON g.pk = m.group_pk
            WHERE u.role = 'admin' ORDER BY u.pk
            """, new { }, ct);
        return [.. rows.GroupBy(r => r.UserId).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Where(r => r.GroupId is not null).Select(r => r.GroupId!)]))];
    }

    /// <summary>
    /// Replaces a user's contact details and default method, on the condition that they are still the ones the caller
    /// read: two changes made from the same reading must not silently undo each other (a removed phone coming back).
    /// </summary>
    public Task<UpdateUserResult> UpdateUserContactAsync(UserRecord read, UserRecord updated, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync("""
                UPDATE users SET display_name = @DisplayName, email = @Email, phone = @Phone, default_method = @DefaultMethod
                WHERE id = @Id AND display_name IS NOT DISTINCT FROM @ReadDisplayName AND email IS NOT DISTINCT FROM @ReadEmail
                  AND phone IS NOT DISTINCT FROM @ReadPhone AND default_method IS NOT DISTINCT FROM @ReadDefaultMethod
                """, new
            {
                updated.Id,
                updated.DisplayName,
                updated.Email,
                updated.Phone,
                updated.DefaultMethod,
                ReadDisplayName = read.DisplayName,
                ReadEmail = read.Email,
                ReadPhone = read.Phone,
                ReadDefaultMethod = read.DefaultMethod,
            });
            if (changed == 0)
            {
                return await scope.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id = @Id", new { updated.Id }) == 0
                    ? UpdateUserResult.NotFound
                    : UpdateUserResult.ChangedMeanwhile;
            }

            await scope.AuditAsync(audit, nowMs);
            return UpdateUserResult.Updated;
        }, ct);

    public Task<bool> SetUserRiskAsync(string id, string risk, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            if (await scope.ExecuteAsync("UPDATE users SET risk = @risk WHERE id = @id", new { id, risk }) == 0)
            {
                return false;
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    public Task<AddResult<GroupRecord>> AddGroupAsync(GroupRecord group, AuditDraft audit, CancellationToken ct) =>
        AddAsync("INSERT INTO groups (id, name, created_at) VALUES (@Id, @Name, @CreatedAt) RETURNING pk",
            group, audit, group.CreatedAt, pk => new GroupRecord { Pk = pk, Id = group.Id, Name = group.Name, CreatedAt = group.CreatedAt }, ct);

    public Task<GroupRecord?> FindGroupAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<GroupRecord>("SELECT pk, id, name, created_at FROM groups WHERE id = @id", new { id }, ct);

    public async Task<AddResult<UserRecord>> AddGroupMemberAsync(long groupPk, string userId, long nowMs, AuditDraft audit, CancellationToken ct)
    {
        var user = await FindUserAsync(userId, ct);
        if (user is null)
        {
            return new AddResult<UserRecord>.MissingReference("userId");
        }

        try
        {
            await WriteAsync(async scope =>
            {
                await scope.ExecuteAsync("INSERT INTO group_members (group_pk, user_pk, added_at) VALUES (@groupPk, @userPk, @nowMs)",
                    new { groupPk, userPk = user.Pk, nowMs });
                await scope.AuditAsync(audit, nowMs);
                return true;
            }, ct);
            return new AddResult<UserRecord>.Added(user);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return new AddResult<UserRecord>.Conflict();
        }
    }

    public Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(long groupPk, CancellationToken ct) =>
        QueryListAsync<UserRecord>($"""
            SELECT u.pk, u.id, u.user_name, u.display_name, u.email, u.phone, u.role, u.risk, u.default_method, u.created_at
            FROM group_members m JOIN users u ON u.pk = m.user_pk WHERE m.group_pk = @groupPk ORDER BY u.pk
            """, new { groupPk }, ct);

    public Task<AddResult<ResourceRecord>> AddResourceAsync(ResourceRecord resource, AuditDraft audit, CancellationToken ct) =>
        AddAsync("""
            INSERT INTO resources (id, name, kind, sensitivity, created_at)
            VALUES (@Id, @Name, @Kind, @Sensitivity, @CreatedAt) RETURNING pk
            """, resource, audit, resource.CreatedAt, pk => new ResourceRecord
        {
            Pk = pk,
            Id = resource.Id,
            Name = resource.Name,
            Kind = resource.Kind,
            Sensitivity = resource.Sensitivity,
            CreatedAt = resource.CreatedAt,
        }, ct);

    public Task<ResourceRecord?> FindResourceAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<ResourceRecord>($"SELECT {ResourceColumns} FROM resources WHERE id = @id", new { id }, ct);

    public Task<ResourceRecord?> FindResourceByNameAsync(string name, CancellationToken ct) =>
        QuerySingleAsync<ResourceRecord>($"SELECT {ResourceColumns} FROM resources WHERE name = @name", new { name }, ct);

    public Task<IReadOnlyList<ResourceRecord>> ListResourcesAsync(int limit, CancellationToken ct) =>
        QueryListAsync<ResourceRecord>($"SELECT {ResourceColumns} FROM resources ORDER BY pk LIMIT @limit", new { limit }, ct);

    public async Task<AddResult<DeviceRecord>> AddDeviceAsync(DeviceRecord device, AuditDraft audit, CancellationToken ct)
    {
        long? ownerPk = null;
        if (device.OwnerId is not null)
        {
            ownerPk = (await FindUserAsync(device.OwnerId, ct))?.Pk;
            if (ownerPk is null)
            {
                return new AddResult<DeviceRecord>.MissingReference("ownerId");
            }
        }

        var pk = await WriteAsync(async scope =>
        {
            var pk = await scope.ScalarAsync<long>("""
                INSERT INTO devices (id, name, owner_pk, platform, compliant, fingerprint, created_at)
                VALUES (@Id, @Name, @ownerPk, @Platform, @Compliant, @Fingerprint, @CreatedAt) RETURNING pk
                """, new { device.Id, device.Name, ownerPk, device.Platform, device.Compliant, device.Fingerprint, device.CreatedAt });
            await scope.AuditAsync(audit, device.CreatedAt);
            return pk;
        }, ct);
        return new AddResult<DeviceRecord>.Added(new DeviceRecord
        {
            Pk = pk,
            Id = device.Id,
            Name = device.Name,
            OwnerId = device.OwnerId,
            Platform = device.Platform,
            Compliant = device.Compliant,
            Fingerprint = device.Fingerprint,
            CreatedAt = device.CreatedAt,
        });
    }

    public Task<DeviceRecord?> FindDeviceAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<DeviceRecord>("""
            SELECT d.pk, d.id, d.name, u.id AS owner_id, d.platform, d.compliant, d.fingerprint, d.created_at
            FROM devices d LEFT JOIN users u ON u.pk = d.owner_pk WHERE d.id = @id
            """, new { id }, ct);

    public Task<AddResult<LocationRecord>> AddLocationAsync(LocationRecord location, AuditDraft audit, CancellationToken ct) =>
        AddAsync("""
            INSERT INTO locations (id, name, cidrs, trusted, created_at)
            VALUES (@Id, @Name, @Cidrs, @Trusted, @CreatedAt) RETURNING pk
            """, location, audit, location.CreatedAt, pk => new LocationRecord
        {
            Pk = pk,
            Id = location.Id,
            Name = location.Name,
            Cidrs = location.Cidrs,
            Trusted = location.Trusted,
            CreatedAt = location.CreatedAt,
        }, ct, first: LockPolicyEpochAsync);

    public Task<LocationRecord?> FindLocationAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<LocationRecord>($"SELECT {LocationColumns} FROM locations WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<LocationRecord>> ListLocationsAsync(int limit, CancellationToken ct) =>
        QueryListAsync<LocationRecord>($"SELECT {LocationColumns} FROM locations ORDER BY pk LIMIT @limit", new { limit }, ct);
}
