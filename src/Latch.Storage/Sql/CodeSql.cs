namespace Latch.Storage.Sql;

/// <summary>The code statements both engines run. States: 0 active, 1 consumed, 2 revoked, 3 dead, 4 expired.</summary>
internal static class CodeSql
{
    /// <summary>The one rule for a code that may open now: active, in its window, uses left, and the named user's.</summary>
    private const string Consumable = """
        resource_pk = @resourcePk AND tag = @tag AND state = 0
          AND not_before <= @nowMs AND not_after > @nowMs AND uses < max_uses
          AND user_pk = COALESCE(@userPk, user_pk) AND challenge_pk = @challengePk
        """;

    /// <summary>What one use changes. SQLite has no index on these columns, so a use rewrites only the row's page.</summary>
    private const string OneUse = "uses = uses + 1, last_used_at = @nowMs, state = CASE WHEN uses + 1 >= max_uses THEN 1 ELSE 0 END";

    /// <summary>
    /// Atomic consumption: the conditional update succeeds for exactly as many attempts as the code has uses,
    /// whatever the concurrency — PostgreSQL's row lock serializes them.
    /// </summary>
    public const string Consume = $"UPDATE codes SET {OneUse} WHERE {Consumable} RETURNING id, user_id, uses";

    /// <summary>SQLite's form of <see cref="Consume"/>, run by its single writer with nothing in between.</summary>
    public const string FindConsumable = $"SELECT pk, id, user_id, uses FROM codes WHERE {Consumable} LIMIT 1";

    public const string UseByPk = $"UPDATE codes SET {OneUse} WHERE pk = @pk";

    /// <summary>The newest code with this value at the resource, to tell why it could not be consumed.</summary>
    public const string Latest = """
        SELECT id, user_id, user_pk, challenge_pk, state, uses, max_uses, not_before, not_after
        FROM codes WHERE resource_pk = @resourcePk AND tag = @tag ORDER BY pk DESC LIMIT 1
        """;

    /// <summary>A failed attempt by a named user counts against that user's live codes at the resource.</summary>
    public const string CountFailure = """
        UPDATE codes
        SET attempts = attempts + 1, state = CASE WHEN attempts + 1 >= max_attempts THEN 3 ELSE 0 END
        WHERE user_pk = @userPk AND resource_pk = @resourcePk AND challenge_pk = @challengePk AND state = 0 AND not_after > @nowMs
        RETURNING id, state
        """;

    /// <summary>Frees a value held by a code that is past its window or used up, so the value can be drawn again
    /// (PostgreSQL's unique index on active tags would otherwise refuse it).</summary>
    public const string RetireStale = """
        UPDATE codes SET state = CASE WHEN uses >= max_uses THEN 1 ELSE 4 END
        WHERE resource_pk = @ResourcePk AND tag = @Tag AND state = 0 AND (not_after <= @nowMs OR uses >= max_uses)
        """;

    /// <summary>Whether an active code at the resource already has this value (tagged under the given key).</summary>
    public const string Live = """
        SELECT COUNT(*) FROM codes
        WHERE resource_pk = @resourcePk AND tag = @Tag AND key_id = @KeyId AND state = 0 AND not_after > @nowMs
        """;

    /// <summary>
    /// A new code's <c>last_used_at</c> holds its creation time until the first use, and is read only once
    /// <c>uses</c> &gt; 0 (<see cref="LastUsedAt"/>). A use then overwrites the time without lengthening the row:
    /// on a full SQLite page a longer row splits the page, and the splits wrote half again as many pages of codes
    /// per commit.
    /// </summary>
    public const string Insert = """
        INSERT INTO codes (id, user_pk, user_id, resource_pk, key_id, tag, alphabet, length, not_before, not_after,
                           max_uses, max_attempts, delivery, created_at, created_by, challenge_pk, last_used_at)
        VALUES (@Id, @UserPk, @UserId, @ResourcePk, @KeyId, @Tag, @Alphabet, @Length, @NotBefore, @NotAfter,
                @MaxUses, @MaxAttempts, @Delivery, @nowMs, @CreatedBy, @ChallengePk, @nowMs)
        """;

    /// <summary>When the code was last used, or NULL while it never was (see <see cref="Insert"/>).</summary>
    private const string LastUsedAt = "CASE WHEN c.uses > 0 THEN c.last_used_at END AS last_used_at";

    public const string Select = $"""
        SELECT c.pk, c.id, c.user_id, r.id AS resource_id, c.key_id, c.alphabet, c.length, c.not_before, c.not_after,
               c.max_uses, c.uses, c.max_attempts, c.attempts, c.state, c.delivery, c.created_at, c.created_by,
               {LastUsedAt}, c.revoked_at
        FROM codes c JOIN resources r ON r.pk = c.resource_pk WHERE c.id = @id
        """;

    // An ended code cannot open anything online, so revoking it changes nothing there; but a code derived for offline
    // use stays good at a disconnected controller for the rest of its offline window, which can outlast the code.
    public const string RevokeOne = """
        UPDATE codes SET state = 2, revoked_at = @nowMs
        WHERE id = @id AND state = 0 AND (not_after > @nowMs OR pk IN (SELECT code_pk FROM offline_codes))
        """;

    public const string RevokeOfUser = "UPDATE codes SET state = 2, revoked_at = @nowMs WHERE user_pk = @pk AND state = 0";

    public const string RevokeAtResource = "UPDATE codes SET state = 2, revoked_at = @nowMs WHERE resource_pk = @pk AND state = 0";

    public const string RevokeOfChallenge = "UPDATE codes SET state = 2, revoked_at = @nowMs WHERE challenge_pk = @pk AND state = 0";
}
