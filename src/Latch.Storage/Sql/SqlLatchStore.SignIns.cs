using Latch.Core.Audit;
using Latch.Storage.Codes;
using Latch.Storage.SignIns;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string SignInColumns = "pk, id, at, user_id, resource_id, ip, decision, context, policies, challenge_id, outcome, session_id";
    private const string SessionColumns = "id, user_id, resource_id, sign_in_id, requirements, created_at, expires_at, revoked_at, revoked_by, revoke_reason";

    /// <summary>Records an evaluation with the challenge it opened or the session its grant started, in one transaction.</summary>
    public Task AddSignInAsync(NewSignIn signIn, AuditDraft? sessionAudit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var signInPk = await scope.ScalarAsync<long>("""
                INSERT INTO sign_ins (id, at, user_id, resource_id, ip, decision, context, policies, challenge_id, outcome, session_id)
                VALUES (@Id, @At, @UserId, @ResourceId, @Ip, @Decision, @Context, @Policies, @challengeId, @outcome, @sessionId)
                RETURNING pk
                """, new
            {
                signIn.Id,
                signIn.At,
                signIn.UserId,
                signIn.ResourceId,
                signIn.Ip,
                signIn.Decision,
                signIn.Context,
                signIn.Policies,
                challengeId = signIn.Challenge?.Id,
                outcome = signIn.Challenge is null ? null : "pending",
                sessionId = signIn.Session?.Id,
            });
            if (signIn.Challenge is { } challenge)
            {
                await scope.ExecuteAsync("""
                    INSERT INTO challenges (id, sign_in_pk, user_pk, resource_pk, methods, requirements, code_ttl_seconds,
                                            grant_ttl_seconds, created_at, expires_at)
                    VALUES (@Id, @signInPk, @UserPk, @ResourcePk, @Methods, @Requirements, @CodeTtlSeconds,
                            @GrantTtlSeconds, @at, @ExpiresAt)
                    """, new
                {
                    challenge.Id,
                    signInPk,
                    challenge.UserPk,
                    challenge.ResourcePk,
                    challenge.Methods,
                    challenge.Requirements,
                    challenge.CodeTtlSeconds,
                    challenge.GrantTtlSeconds,
                    at = signIn.At,
                    challenge.ExpiresAt,
                });
            }

            if (signIn.Session is { } session)
            {
                await InsertSessionAsync(scope, session);
                await scope.AuditAsync(sessionAudit ?? throw new ArgumentNullException(nameof(sessionAudit)), signIn.At);
            }

            return true;
        }, ct);

    public Task<SignInRecord?> FindSignInAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<SignInRecord>($"SELECT {SignInColumns} FROM sign_ins WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<SignInRecord>> ListSignInsAsync(SignInQuery query, CancellationToken ct) =>
        QueryListAsync<SignInRecord>($"""
            SELECT {SignInColumns} FROM sign_ins
            WHERE (@UserId IS NULL OR user_id = @UserId)
              AND (@ResourceId IS NULL OR resource_id = @ResourceId)
              AND (@FromMs IS NULL OR at >= @FromMs)
              AND (@ToMs IS NULL OR at < @ToMs)
              AND (@Decision IS NULL OR decision = @Decision)
              AND (@BeforePk IS NULL OR pk < @BeforePk)
            ORDER BY pk DESC LIMIT @Limit
            """, query, ct);

    /// <summary>How many sign-ins this user has, and how many came from this address (a new address raises sign-in risk).</summary>
    public async Task<(long Total, long FromIp)> ReadSignInHistoryAsync(string userId, string ip, CancellationToken ct) =>
        await QuerySingleAsync<(long, long)>(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ip = @ip THEN 1 ELSE 0 END), 0) FROM sign_ins WHERE user_id = @userId", new { userId, ip }, ct);

    public Task<ChallengeRecord?> FindChallengeAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<ChallengeRecord>("""
            SELECT c.pk, c.id, c.sign_in_pk, s.id AS sign_in_id, c.user_pk, u.id AS user_id, c.resource_pk, r.id AS resource_id,
                   c.methods, c.requirements, c.code_ttl_seconds, c.grant_ttl_seconds, c.state, c.created_at, c.expires_at
            FROM challenges c
            JOIN sign_ins s ON s.pk = c.sign_in_pk
            JOIN users u ON u.pk = c.user_pk
            JOIN resources r ON r.pk = c.resource_pk
            WHERE c.id = @id
            """, new { id }, ct);

    /// <summary>
    /// Consumes a challenge's code; when it opens, the challenge is satisfied and its session starts in the same
    /// transaction, so a grant never exists without its consumed code, nor a consumed code without its session.
    /// </summary>
    public Task<CodeVerdict> VerifyChallengeCodeAsync(
        CodeAttempt attempt, ChallengeGrant grant, Func<CodeVerdict, AuditDraft> audit, AuditDraft sessionAudit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            // Still pending? A push may have denied the challenge, or another answer satisfied it, since the caller
            // read it. The no-op update also holds the challenge's row (PostgreSQL) until the commit.
            if (await scope.ExecuteAsync("UPDATE challenges SET state = state WHERE pk = @ChallengePk AND state = 0", grant) == 0)
            {
                throw new ChallengeClosedException();
            }

            var verdict = await DecideAsync(scope, attempt);
            if (verdict is CodeVerdict.Granted)
            {
                await CompleteChallengeAsync(scope, grant);
            }
            else
            {
                await scope.ExecuteAsync("UPDATE sign_ins SET outcome = 'failed' WHERE pk = @SignInPk AND outcome = 'pending'", grant);
            }

            // The audit tip is the last lock a write takes (PostgresAuditAppender), so the entries come last.
            await scope.AuditAsync(audit(verdict), attempt.NowMs);
            if (verdict is CodeVerdict.Granted)
            {
                await scope.AuditAsync(sessionAudit, attempt.NowMs);
            }

            return verdict;
        }, ct);

    public Task<SessionRecord?> FindSessionAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<SessionRecord>($"SELECT {SessionColumns} FROM sessions WHERE id = @id", new { id }, ct);

    public Task<RevokeResult> RevokeSessionAsync(string id, long nowMs, string actor, string? reason, AuditDraft audit, CancellationToken ct) =>
        EndAsync("""
            UPDATE sessions SET revoked_at = @nowMs, revoked_by = @actor, revoke_reason = @reason
            WHERE id = @id AND revoked_at IS NULL AND expires_at > @nowMs
            """, new { id, nowMs, actor, reason }, audit, nowMs, async () => await FindSessionAsync(id, ct) is not null, ct);

    /// <summary>
    /// Marks a pending challenge satisfied, starts its session, and records both on the sign-in; the caller audits
    /// after. A challenge no longer pending throws <see cref="ChallengeClosedException"/>, so the write keeps nothing.
    /// </summary>
    private static async Task CompleteChallengeAsync(WriteScope scope, ChallengeGrant grant)
    {
        if (await scope.ExecuteAsync("UPDATE challenges SET state = 1 WHERE pk = @ChallengePk AND state = 0", grant) == 0)
        {
            throw new ChallengeClosedException();
        }

        await InsertSessionAsync(scope, grant.Session);
        await scope.ExecuteAsync("UPDATE sign_ins SET outcome = 'satisfied', session_id = @sessionId WHERE pk = @SignInPk",
            new { grant.SignInPk, sessionId = grant.Session.Id });
    }

    private static Task<int> InsertSessionAsync(WriteScope scope, SessionRecord session) =>
        scope.ExecuteAsync("""
            INSERT INTO sessions (id, user_id, resource_id, sign_in_id, requirements, created_at, expires_at)
            VALUES (@Id, @UserId, @ResourceId, @SignInId, @Requirements, @CreatedAt, @ExpiresAt)
            """, session);
}
