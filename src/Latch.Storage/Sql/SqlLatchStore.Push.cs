using Latch.Core.Audit;
using Latch.Storage.SignIns;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    /// <summary>Records a push request for a challenge; any earlier unanswered one for it is replaced.</summary>
    public Task AddPushApprovalAsync(PushApprovalRecord push, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("UPDATE push_approvals SET state = 5 WHERE challenge_pk = @ChallengePk AND state = 0", push);
            await scope.ExecuteAsync("""
                INSERT INTO push_approvals (id, challenge_pk, number, state, created_at, expires_at)
                VALUES (@Id, @ChallengePk, @Number, 0, @CreatedAt, @ExpiresAt)
                """, push);
            await scope.AuditAsync(audit, push.CreatedAt);
            return true;
        }, ct);

    public Task<PushApprovalRecord?> FindPushApprovalAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<PushApprovalRecord>("""
            SELECT p.id, p.challenge_pk, c.id AS challenge_id, p.number, p.state, p.created_at, p.expires_at, p.responded_at
            FROM push_approvals p JOIN challenges c ON c.pk = p.challenge_pk WHERE p.id = @id
            """, new { id }, ct);

    /// <summary>
    /// Records the companion's answer once, while the push is pending and unexpired. A deny or a wrong number refuses
    /// the challenge itself (SPEC "Delivery": number matching), in the same transaction.
    /// </summary>
    public Task<bool> AnswerPushAsync(string id, long challengePk, int state, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var changed = await scope.ExecuteAsync("""
                UPDATE push_approvals SET state = @state, responded_at = @nowMs
                WHERE id = @id AND state = 0 AND expires_at > @nowMs
                """, new { id, state, nowMs });
            if (changed == 0)
            {
                return false;
            }

            if (state != PushApprovalRecord.Approved)
            {
                await scope.ExecuteAsync("UPDATE challenges SET state = 2 WHERE pk = @challengePk AND state = 0", new { challengePk });
                await scope.ExecuteAsync("""
                    UPDATE sign_ins SET outcome = 'failed'
                    WHERE pk = (SELECT sign_in_pk FROM challenges WHERE pk = @challengePk) AND outcome = 'pending'
                    """, new { challengePk });
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    /// <summary>Uses the challenge's approved push, once, to satisfy it and start its session.</summary>
    public Task<bool> CompleteChallengeByPushAsync(ChallengeGrant grant, long nowMs, AuditDraft sessionAudit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var used = await scope.ExecuteAsync("UPDATE push_approvals SET state = 4 WHERE challenge_pk = @ChallengePk AND state = 1", grant);
            if (used == 0)
            {
                return false;
            }

            await CompleteChallengeAsync(scope, grant);
            await scope.AuditAsync(sessionAudit, nowMs);
            return true;
        }, ct);
}
