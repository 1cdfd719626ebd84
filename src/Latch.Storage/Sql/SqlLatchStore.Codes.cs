using System.Data.Common;
using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Storage.Codes;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    public async Task<IssueResult> IssueCodeAsync(NewCode code, IReadOnlyList<KeyTag> olderKeyTags, long nowMs, AuditDraft audit, CancellationToken ct)
    {
        try
        {
            await WriteAsync(async scope =>
            {
                await scope.ExecuteAsync(CodeSql.RetireStale, new { code.ResourcePk, code.Tag, nowMs });
                foreach (var key in olderKeyTags.Prepend(new KeyTag(code.KeyId, code.Tag)))
                {
                    if (await scope.ScalarAsync<long>(CodeSql.Live, new { resourcePk = code.ResourcePk, key.KeyId, key.Tag, nowMs }) > 0)
                    {
                        throw new CodeCollisionException();
                    }
                }

                await scope.ExecuteAsync(CodeSql.Insert, new
                {
                    code.Id,
                    code.UserPk,
                    code.UserId,
                    code.ResourcePk,
                    code.KeyId,
                    code.Tag,
                    code.Alphabet,
                    code.Length,
                    code.NotBefore,
                    code.NotAfter,
                    code.MaxUses,
                    code.MaxAttempts,
                    code.Delivery,
                    nowMs,
                    code.CreatedBy,
                    code.ChallengePk,
                });
                if (code.Offline is { } offline)
                {
                    // A taken reference is a unique violation: the caller moves to the next slot.
                    await scope.ExecuteAsync("""
                        INSERT INTO offline_codes (code_pk, door_pk, key_version, window_start, window_hours, slot)
                        SELECT pk, @DoorPk, @KeyVersion, @WindowStart, @WindowHours, @Slot FROM codes WHERE id = @Id
                        """, new { code.Id, offline.DoorPk, offline.KeyVersion, offline.WindowStart, offline.WindowHours, offline.Slot });
                }

                if (code.Queued is { } message)
                {
                    // Queued in the code's transaction: a code accepted for delivery is never without its message.
                    await scope.ExecuteAsync(DeliverySql.Insert, new
                    {
                        message.Id,
                        CodeId = code.Id,
                        code.UserId,
                        message.Method,
                        message.ResourceId,
                        message.ResourceName,
                        code.NotBefore,
                        code.NotAfter,
                        message.KeyId,
                        message.Nonce,
                        message.Payload,
                        message.PayloadTag,
                        message.DeliverAt,
                        nowMs,
                    });
                }

                await scope.AuditAsync(audit, nowMs);
                return true;
            }, ct);
            return new IssueResult.Issued();
        }
        catch (CodeCollisionException)
        {
            return new IssueResult.Collision();
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return new IssueResult.Collision();
        }
    }

    public Task<CodeVerdict> VerifyCodeAsync(CodeAttempt attempt, Func<CodeVerdict, AuditDraft> audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var verdict = await DecideAsync(scope, attempt);
            await scope.AuditAsync(audit(verdict), attempt.NowMs);
            return verdict;
        }, ct);

    /// <summary>
    /// Consumes the active code with this tag (<see cref="CodeSql.Consume"/>), or answers null. The hot step of
    /// every verification: SQLite overrides it with commands kept on its writer connection.
    /// </summary>
    protected virtual async ValueTask<ConsumedRow?> ConsumeAsync(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk, long challengePk) =>
        await scope.FirstOrDefaultAsync<ConsumedRow>(CodeSql.Consume, new { resourcePk, tag, nowMs, userPk, challengePk });

    /// <summary>SPEC "Latch codes": consume if possible, else say why, and count the failure against the named user's codes.</summary>
    private async Task<CodeVerdict> DecideAsync(WriteScope scope, CodeAttempt attempt)
    {
        var (resourcePk, userPk, nowMs, challengePk) = (attempt.ResourcePk, attempt.UserPk, attempt.NowMs, attempt.ChallengePk);
        foreach (var key in attempt.Tags)
        {
            var consumed = await ConsumeAsync(scope, resourcePk, key.Tag, nowMs, userPk, challengePk);
            if (consumed is not null)
            {
                return new CodeVerdict.Granted(consumed.Id, consumed.UserId, FirstUse: consumed.Uses == 1);
            }
        }

        foreach (var key in attempt.Tags)
        {
            var row = await scope.FirstOrDefaultAsync<CodeRowState>(CodeSql.Latest, new { resourcePk, tag = key.Tag });
            if (row is null || row.ChallengePk != challengePk || (userPk is not null && row.UserPk != userPk))
            {
                continue;
            }

            var reason = CodeStatus.WhyNotConsumable((CodeState)row.State, row.Uses, row.MaxUses, row.NotBefore, row.NotAfter, nowMs)
                ?? DenyReason.Invalid;
            return new CodeVerdict.Denied(reason, row.Id, row.UserId, []);
        }

        IReadOnlyList<string> killed = [];
        if (userPk is not null)
        {
            var attempted = await scope.QueryAsync<AttemptedRow>(CodeSql.CountFailure, new { userPk, resourcePk, nowMs, challengePk });
            killed = [.. attempted.Where(r => r.State == (int)CodeState.Dead).Select(r => r.Id)];
        }

        return new CodeVerdict.Denied(DenyReason.Invalid, null, null, killed);
    }

    public Task<CodeRecord?> FindCodeAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<CodeRecord>(CodeSql.Select, new { id }, ct);

    public Task<RevokeResult> RevokeCodeAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct) =>
        EndAsync(CodeSql.RevokeOne, new { id, nowMs }, audit, nowMs, async () => await FindCodeAsync(id, ct) is not null, ct, cancelsDeliveries: true);

    /// <summary>
    /// Ends something (a code, a session) with a conditional update and audits it; when nothing changed, tells a
    /// missing row from one that had already ended.
    /// </summary>
    private async Task<RevokeResult> EndAsync(string sql, object args, AuditDraft audit, long nowMs, Func<Task<bool>> exists, CancellationToken ct, bool cancelsDeliveries = false)
    {
        var ended = await WriteAsync(async scope =>
        {
            if (await scope.ExecuteAsync(sql, args) == 0)
            {
                return false;
            }

            if (cancelsDeliveries)
            {
                await scope.ExecuteAsync(DeliverySql.CancelRevoked, new { nowMs });
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);
        if (ended)
        {
            return RevokeResult.Revoked;
        }

        return await exists() ? RevokeResult.AlreadyEnded : RevokeResult.NotFound;
    }

    public Task<int> RevokeCodesAsync(CodeScope scope, long nowMs, AuditDraft audit, CancellationToken ct)
    {
        var (sql, pk) = scope switch
        {
            CodeScope.OfUser u => (CodeSql.RevokeOfUser, u.UserPk),
            CodeScope.AtResource r => (CodeSql.RevokeAtResource, r.ResourcePk),
            CodeScope.OfChallenge c => (CodeSql.RevokeOfChallenge, c.ChallengePk),
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        return WriteAsync(async write =>
        {
            var count = await write.ExecuteAsync(sql, new { pk, nowMs });
            if (count > 0)
            {
                // A revoked code's pending message is cancelled with it: its sealed code is erased at once.
                await write.ExecuteAsync(DeliverySql.CancelRevoked, new { nowMs });
            }

            // The audit entry is written even when nothing was active: the admin's action itself is on record.
            await write.AuditAsync(audit with { Data = AddCount(audit.Data, count) }, nowMs);
            return count;
        }, ct);
    }

    private static string AddCount(string data, int count) =>
        data.Length > 2 ? data[..^1] + $",\"revoked\":{count}}}" : $"{{\"revoked\":{count}}}";
}
