using System.Data.Common;
using Latch.Core.Audit;
using Latch.Storage.Codes;
using Latch.Storage.Directory;
using Latch.Storage.Doors;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string ControllerColumns = """
        c.pk, c.id, c.door_pk, c.door_id, c.name, c.api_key_pk, k.id AS api_key_id, c.cert_thumbprint, c.cert_not_after, c.firmware,
        c.skew_ms, c.last_contact_at, c.last_sync_at, c.lock_state, c.key_version, c.created_at, c.removed_at
        """;

    private const string DoorColumns = """
        resource_pk, offline_mode, code_length, clock_tolerance_seconds, sync_interval_seconds, lockout_max_failures,
        lockout_base_seconds, lockout_max_seconds, updated_at, last_action, last_at, last_user_id
        """;

    public Task<DoorRecord?> FindDoorAsync(long resourcePk, CancellationToken ct) =>
        QuerySingleAsync<DoorRecord>($"SELECT {DoorColumns} FROM doors WHERE resource_pk = @resourcePk", new { resourcePk }, ct);

    public Task<IReadOnlyList<ResourceRecord>> ListDoorResourcesAsync(int limit, CancellationToken ct) =>
        QueryListAsync<ResourceRecord>($"SELECT {ResourceColumns} FROM resources WHERE kind = 'door' ORDER BY pk LIMIT @limit", new { limit }, ct);

    /// <summary>
    /// Saves a door's configuration (keeping its last event) and, when <paramref name="sealFirstSecret"/> is given and the
    /// door has no secret yet, stores version 1 of it — in one transaction with the audit entry.
    /// </summary>
    public Task PutDoorConfigAsync(DoorRecord door, Func<int, byte[]>? sealFirstSecret, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("""
                INSERT INTO doors (resource_pk, offline_mode, code_length, clock_tolerance_seconds, sync_interval_seconds,
                                   lockout_max_failures, lockout_base_seconds, lockout_max_seconds, updated_at)
                VALUES (@ResourcePk, @OfflineMode, @CodeLength, @ClockToleranceSeconds, @SyncIntervalSeconds,
                        @LockoutMaxFailures, @LockoutBaseSeconds, @LockoutMaxSeconds, @UpdatedAt)
                ON CONFLICT (resource_pk) DO UPDATE SET
                    offline_mode = excluded.offline_mode, code_length = excluded.code_length,
                    clock_tolerance_seconds = excluded.clock_tolerance_seconds, sync_interval_seconds = excluded.sync_interval_seconds,
                    lockout_max_failures = excluded.lockout_max_failures, lockout_base_seconds = excluded.lockout_base_seconds,
                    lockout_max_seconds = excluded.lockout_max_seconds, updated_at = excluded.updated_at
                """, door);
            if (sealFirstSecret is not null)
            {
                // A door that already has a secret keeps it (whichever node inserted version 1 first wins).
                await scope.ExecuteAsync("""
                    INSERT INTO door_secrets (door_pk, version, sealed, created_at) VALUES (@pk, 1, @sealed, @at)
                    ON CONFLICT (door_pk, version) DO NOTHING
                    """, new { pk = door.ResourcePk, @sealed = sealFirstSecret(1), at = door.UpdatedAt });
            }

            await scope.AuditAsync(audit, door.UpdatedAt);
            return true;
        }, ct);

    /// <summary>Adds the next secret version (sealed by <paramref name="seal"/> for that version); returns the version.</summary>
    public async Task<int> RotateDoorSecretAsync(long doorPk, long nowMs, Func<int, byte[]> seal, Func<int, AuditDraft> audit, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WriteAsync(async scope =>
                {
                    var version = (int)await scope.ScalarAsync<long>("SELECT COALESCE(MAX(version), 0) + 1 FROM door_secrets WHERE door_pk = @doorPk", new { doorPk });
                    await scope.ExecuteAsync("INSERT INTO door_secrets (door_pk, version, sealed, created_at) VALUES (@doorPk, @version, @sealed, @nowMs)",
                        new { doorPk, version, @sealed = seal(version), nowMs });
                    await scope.AuditAsync(audit(version), nowMs);
                    return version;
                }, ct);
            }
            catch (DbException e) when (IsUniqueViolation(e) && attempt < 3)
            {
                // Another node rotated at the same moment: take the version after its one.
            }
        }
    }

    public Task<DoorSecretRecord?> FindDoorSecretAsync(long doorPk, CancellationToken ct) =>
        QuerySingleAsync<DoorSecretRecord>("SELECT version, sealed FROM door_secrets WHERE door_pk = @doorPk ORDER BY version DESC LIMIT 1",
            new { doorPk }, ct);

    /// <summary>
    /// Keeps the door's last event for listings (a cache of what the audit log already holds). A door never configured
    /// gets its row here, with the configuration it is running under (the defaults).
    /// </summary>
    public Task RecordDoorLastEventAsync(DoorRecord door, string action, long at, string? userId, CancellationToken ct) =>
        WriteAsync(async scope => await scope.ExecuteAsync("""
            INSERT INTO doors (resource_pk, offline_mode, code_length, clock_tolerance_seconds, sync_interval_seconds,
                               lockout_max_failures, lockout_base_seconds, lockout_max_seconds, updated_at, last_action, last_at, last_user_id)
            VALUES (@ResourcePk, @OfflineMode, @CodeLength, @ClockToleranceSeconds, @SyncIntervalSeconds,
                    @LockoutMaxFailures, @LockoutBaseSeconds, @LockoutMaxSeconds, @UpdatedAt, @action, @at, @userId)
            ON CONFLICT (resource_pk) DO UPDATE SET last_action = excluded.last_action, last_at = excluded.last_at, last_user_id = excluded.last_user_id
            WHERE doors.last_at IS NULL OR doors.last_at <= excluded.last_at
            """, new
        {
            door.ResourcePk,
            door.OfflineMode,
            door.CodeLength,
            door.ClockToleranceSeconds,
            door.SyncIntervalSeconds,
            door.LockoutMaxFailures,
            door.LockoutBaseSeconds,
            door.LockoutMaxSeconds,
            door.UpdatedAt,
            action,
            at,
            userId,
        }), ct);

    public Task<ControllerRecord> AddControllerAsync(NewController controller, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            // The controller's device key is an ordinary device-role key, bound to the controller by door_controllers.api_key_pk.
            var keyPk = await scope.ScalarAsync<long>("""
                INSERT INTO api_keys (id, name, role, key_hash, created_at) VALUES (@ApiKeyId, @Name, 'device', @ApiKeyHash, @CreatedAt) RETURNING pk
                """, new { controller.ApiKeyId, Name = "controller " + controller.Id, controller.ApiKeyHash, controller.CreatedAt });
            var pk = await scope.ScalarAsync<long>("""
                INSERT INTO door_controllers (id, door_pk, door_id, name, api_key_pk, firmware, created_at)
                VALUES (@Id, @DoorPk, @DoorId, @Name, @keyPk, @Firmware, @CreatedAt) RETURNING pk
                """, new { controller.Id, controller.DoorPk, controller.DoorId, controller.Name, keyPk, controller.Firmware, controller.CreatedAt });
            await scope.AuditAsync(audit, controller.CreatedAt);
            return new ControllerRecord
            {
                Pk = pk,
                Id = controller.Id,
                DoorPk = controller.DoorPk,
                DoorId = controller.DoorId,
                Name = controller.Name,
                ApiKeyPk = keyPk,
                ApiKeyId = controller.ApiKeyId,
                Firmware = controller.Firmware,
                CreatedAt = controller.CreatedAt,
            };
        }, ct);

    public Task<ControllerRecord?> FindControllerAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<ControllerRecord>(
            $"SELECT {ControllerColumns} FROM door_controllers c JOIN api_keys k ON k.pk = c.api_key_pk WHERE c.id = @id", new { id }, ct);

    /// <summary>The active controller whose current certificate has this SHA-256 thumbprint.</summary>
    public Task<ControllerRecord?> FindControllerByThumbprintAsync(string thumbprint, CancellationToken ct) =>
        QuerySingleAsync<ControllerRecord>($"""
            SELECT {ControllerColumns} FROM door_controllers c JOIN api_keys k ON k.pk = c.api_key_pk
            WHERE c.cert_thumbprint = @thumbprint AND c.removed_at IS NULL
            """, new { thumbprint }, ct);

    public Task<IReadOnlyList<ControllerRecord>> ListControllersAsync(long doorPk, CancellationToken ct) =>
        QueryListAsync<ControllerRecord>($"""
            SELECT {ControllerColumns} FROM door_controllers c JOIN api_keys k ON k.pk = c.api_key_pk
            WHERE c.door_pk = @doorPk AND c.removed_at IS NULL ORDER BY c.pk
            """, new { doorPk }, ct);

    /// <summary>Removes a controller: its device key is revoked and its certificate unregistered in the same transaction.</summary>
    public Task<bool> RemoveControllerAsync(long pk, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var keyPk = await scope.FirstOrDefaultAsync<long?>(
                "UPDATE door_controllers SET removed_at = @nowMs, cert_thumbprint = NULL WHERE pk = @pk AND removed_at IS NULL RETURNING api_key_pk",
                new { pk, nowMs });
            if (keyPk is null)
            {
                return false;
            }

            await scope.ExecuteAsync("UPDATE api_keys SET revoked_at = @nowMs WHERE pk = @keyPk AND revoked_at IS NULL", new { keyPk, nowMs });
            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    /// <summary>Registers a new certificate for an active controller; the previous one stops working. False when removed.</summary>
    public Task<bool> SetControllerCertificateAsync(long pk, string thumbprint, long notAfter, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            if (await scope.ExecuteAsync(
                "UPDATE door_controllers SET cert_thumbprint = @thumbprint, cert_not_after = @notAfter WHERE pk = @pk AND removed_at IS NULL",
                new { pk, thumbprint, notAfter }) == 0)
            {
                return false;
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    /// <summary>Records a controller's report; <paramref name="audit"/> is given when its status changed.</summary>
    public Task ReportControllerStateAsync(ControllerReport report, AuditDraft? audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("""
                UPDATE door_controllers SET firmware = @Firmware, skew_ms = @SkewMs, last_contact_at = @ReceivedAt,
                    last_sync_at = COALESCE(@LastSyncAt, last_sync_at), lock_state = @LockState, key_version = @KeyVersion
                WHERE pk = @ControllerPk
                """, report);
            if (audit is not null)
            {
                await scope.AuditAsync(audit, report.ReceivedAt);
            }

            return true;
        }, ct);

    /// <summary>
    /// The door's offline codes that may no longer open it: revoked, killed by failed attempts, or used up (online, or at
    /// another controller). Each stays listed until a day after its window ends: a controller accepts a window for its
    /// clock tolerance past the end, by a clock that may run slow, and the list costs a few bytes a code.
    /// </summary>
    public Task<IReadOnlyList<OfflineRefRecord>> ListOfflineRevocationsAsync(long doorPk, long nowSeconds, CancellationToken ct) =>
        QueryListAsync<OfflineRefRecord>("""
            SELECT o.key_version, o.window_start, o.window_hours, o.slot FROM offline_codes o JOIN codes c ON c.pk = o.code_pk
            WHERE o.door_pk = @doorPk AND c.state IN (1, 2, 3) AND o.window_start + o.window_hours * 3600 + 86400 > @nowSeconds
            ORDER BY o.window_start, o.window_hours, o.slot
            """, new { doorPk, nowSeconds }, ct);

    public Task<OfflineCodeHolder?> FindOfflineCodeAsync(OfflineCodeRow reference, CancellationToken ct) =>
        QuerySingleAsync<OfflineCodeHolder>(OfflineHolderSql, reference, ct);

    private const string OfflineHolderSql = """
        SELECT o.code_pk, c.id AS code_id, c.user_id FROM offline_codes o JOIN codes c ON c.pk = o.code_pk
        WHERE o.door_pk = @DoorPk AND o.key_version = @KeyVersion AND o.window_start = @WindowStart AND o.window_hours = @WindowHours AND o.slot = @Slot
        """;

    /// <summary>The holder of the active code with one of these tags at the resource, without consuming it.</summary>
    public async Task<CodeHolder?> PeekCodeHolderAsync(long resourcePk, IReadOnlyList<KeyTag> tags, long nowMs, CancellationToken ct)
    {
        foreach (var key in tags)
        {
            var holder = await QuerySingleAsync<CodeHolder>("""
                SELECT id AS code_id, user_pk, user_id FROM codes
                WHERE resource_pk = @resourcePk AND tag = @tag AND state = 0 AND challenge_pk = 0
                  AND not_before <= @nowMs AND not_after > @nowMs AND uses < max_uses
                LIMIT 1
                """, new { resourcePk, tag = key.Tag, nowMs }, ct);
            if (holder is not null)
            {
                return holder;
            }
        }

        return null;
    }

    /// <summary>
    /// Stores a controller's events with a higher sequence number than any stored, in sequence order, each with its audit
    /// entry; an offline open also marks its code consumed online. Returns the highest stored sequence number.
    /// </summary>
    public async Task<long> UploadDoorEventsAsync(
        long controllerPk, IReadOnlyList<NewDoorEvent> events, long nowMs, Func<NewDoorEvent, OfflineCodeHolder?, AuditDraft> audit, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WriteAsync(scope => StoreEventsAsync(scope, controllerPk, events, nowMs, audit), ct);
            }
            catch (DbException e) when (IsUniqueViolation(e) && attempt < 3)
            {
                // Another node stored some of the same events at the same moment: read the new highest and go again.
            }
        }
    }

    private static async Task<long> StoreEventsAsync(
        WriteScope scope, long controllerPk, IReadOnlyList<NewDoorEvent> events, long nowMs, Func<NewDoorEvent, OfflineCodeHolder?, AuditDraft> audit)
    {
        var highest = await scope.ScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) FROM door_events WHERE controller_pk = @controllerPk", new { controllerPk });
        var audits = new List<AuditDraft>();
        foreach (var e in events.Where(e => e.Seq > highest).OrderBy(e => e.Seq))
        {
            var holder = e.Ref is null ? null : await scope.FirstOrDefaultAsync<OfflineCodeHolder>(OfflineHolderSql, e.Ref);
            await scope.ExecuteAsync("""
                INSERT INTO door_events (controller_pk, seq, at, kind, code_pk, reason, failures, received_at)
                VALUES (@controllerPk, @Seq, @At, @Kind, @codePk, @Reason, @Failures, @nowMs)
                """, new { controllerPk, e.Seq, e.At, e.Kind, codePk = holder?.CodePk, e.Reason, e.Failures, nowMs });
            if (e.Kind == "offlineOpen" && holder is not null)
            {
                // Single use holds online too: the code a controller accepted offline can no longer open anything.
                await scope.ExecuteAsync("UPDATE codes SET uses = max_uses, state = 1, last_used_at = @At WHERE pk = @CodePk AND state = 0",
                    new { holder.CodePk, e.At });
            }

            audits.Add(audit(e, holder));
            highest = e.Seq;
        }

        // The audit tip is the last lock a write takes (PostgresAuditAppender): the entries go in after every event.
        foreach (var draft in audits)
        {
            await scope.AuditAsync(draft, nowMs);
        }

        return highest;
    }
}
