using Latch.Core.Audit;
using Latch.Storage.Authenticators;
using Latch.Storage.Directory;
using Latch.Storage.SignIns;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string AuthenticatorColumns =
        "pk, id, user_pk, kind, algorithm, digits, period, secret, state, last_step, created_at, activated_at";

    public async Task<AuthenticatorRecord> AddAuthenticatorAsync(AuthenticatorRecord authenticator, AuditDraft audit, CancellationToken ct)
    {
        var added = await AddAsync("""
            INSERT INTO authenticators (id, user_pk, kind, algorithm, digits, period, secret, state, last_step, created_at)
            VALUES (@Id, @UserPk, @Kind, @Algorithm, @Digits, @Period, @Secret, @State, @LastStep, @CreatedAt) RETURNING pk
            """, authenticator, audit, authenticator.CreatedAt, pk => new AuthenticatorRecord
        {
            Pk = pk,
            Id = authenticator.Id,
            UserPk = authenticator.UserPk,
            Kind = authenticator.Kind,
            Algorithm = authenticator.Algorithm,
            Digits = authenticator.Digits,
            Period = authenticator.Period,
            Secret = authenticator.Secret,
            State = authenticator.State,
            LastStep = authenticator.LastStep,
            CreatedAt = authenticator.CreatedAt,
        }, ct);
        return added is AddResult<AuthenticatorRecord>.Added a ? a.Row : throw new InvalidOperationException("Authenticator ids are random; a clash is a bug.");
    }

    public Task<AuthenticatorRecord?> FindAuthenticatorAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<AuthenticatorRecord>($"SELECT {AuthenticatorColumns} FROM authenticators WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<AuthenticatorRecord>> ListAuthenticatorsAsync(long userPk, CancellationToken ct) =>
        QueryListAsync<AuthenticatorRecord>($"SELECT {AuthenticatorColumns} FROM authenticators WHERE user_pk = @userPk ORDER BY pk",
            new { userPk }, ct);

    public async Task<bool> HasActiveAuthenticatorAsync(long userPk, string kind, CancellationToken ct) =>
        await QuerySingleAsync<long?>("SELECT 1 FROM authenticators WHERE user_pk = @userPk AND kind = @kind AND state = 'active' LIMIT 1",
            new { userPk, kind }, ct) is not null;

    /// <summary>Deletes the row and with it the sealed secret.</summary>
    public Task<bool> DeleteAuthenticatorAsync(long pk, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            if (await scope.ExecuteAsync("DELETE FROM authenticators WHERE pk = @pk", new { pk }) == 0)
            {
                return false;
            }

            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);

    /// <summary>
    /// Activates a pending authenticator with its first valid step. The conditional update makes the step count
    /// once even when two activations race (on one node or several).
    /// </summary>
    public Task<bool> ActivateAuthenticatorAsync(long pk, long timeStep, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var activated = await scope.ExecuteAsync("""
                UPDATE authenticators SET state = 'active', activated_at = @nowMs, last_step = @step
                WHERE pk = @pk AND state = 'pending' AND last_step < @step
                """, new { pk, step = timeStep, nowMs }) == 1;
            if (activated)
            {
                await scope.AuditAsync(audit, nowMs);
            }

            return activated;
        }, ct);

    /// <summary>
    /// Opens a challenge with an authenticator's time step, in one transaction:
    /// 1. record the step only if it is later than the last accepted one (<c>WHERE last_step &lt; @step</c>): of two
    ///    concurrent uses of one step, on any nodes, exactly one updates the row;
    /// 2. satisfy the challenge only if still pending;
    /// 3. start the session and mark the sign-in satisfied, as a code answer does (see <see cref="VerifyChallengeCodeAsync"/>);
    /// 4. audit the use, granted or not.
    /// </summary>
    public Task<AuthenticatorUse> CompleteChallengeWithAuthenticatorAsync(
        long authenticatorPk, long timeStep, ChallengeGrant grant, long nowMs, Func<AuthenticatorUse, AuditDraft> audit, AuditDraft sessionAudit,
        CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            // Step 1.
            var use = await scope.ExecuteAsync(
                "UPDATE authenticators SET last_step = @step WHERE pk = @authenticatorPk AND state = 'active' AND last_step < @step",
                new { authenticatorPk, step = timeStep }) == 1
                ? AuthenticatorUse.Accepted
                : await scope.FirstOrDefaultAsync<string>("SELECT state FROM authenticators WHERE pk = @authenticatorPk", new { authenticatorPk })
                    is AuthenticatorStates.Active ? AuthenticatorUse.Replayed : AuthenticatorUse.Inactive;

            // Step 2.
            if (use == AuthenticatorUse.Accepted
                && await scope.ExecuteAsync("UPDATE challenges SET state = 1 WHERE pk = @ChallengePk AND state = 0", grant) == 0)
            {
                use = AuthenticatorUse.ChallengeAnswered;
            }

            // Step 3.
            if (use == AuthenticatorUse.Accepted)
            {
                await InsertSessionAsync(scope, grant.Session);
                await scope.ExecuteAsync("UPDATE sign_ins SET outcome = 'satisfied', session_id = @sessionId WHERE pk = @SignInPk",
                    new { grant.SignInPk, sessionId = grant.Session.Id });
            }
            else
            {
                await scope.ExecuteAsync("UPDATE sign_ins SET outcome = 'failed' WHERE pk = @SignInPk AND outcome = 'pending'", grant);
            }

            // Step 4, last: the audit tip is the last lock a write takes (PostgresAuditAppender). The answer's entry
            // comes before the session's, as on the code path.
            await scope.AuditAsync(audit(use), nowMs);
            if (use == AuthenticatorUse.Accepted)
            {
                await scope.AuditAsync(sessionAudit, nowMs);
            }

            return use;
        }, ct);
}
