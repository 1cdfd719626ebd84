namespace Latch.Storage.Sql;

/// <summary>The delivery queue's statements (see migration 003). A message is pending while queued or sending.</summary>
internal static class DeliverySql
{
    private const string Columns = """
        pk, id, code_pk, code_id, user_id, method, resource_id, resource_name, not_before, not_after, key_id,
        nonce, payload, payload_tag, state, attempts, deliver_at, next_attempt_at, lease_owner, lease_until, last_error,
        sent_at, created_at, updated_at
        """;

    /// <summary>What ending a message does to its sealed code: erases it, with the lease.</summary>
    private const string Erase = "nonce = NULL, payload = NULL, payload_tag = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @nowMs";

    /// <summary>Queued and due, or sending under a lease that ran out (its sender crashed); never past the code's end.</summary>
    private const string Due = """
        ((state = 'queued' AND next_attempt_at <= @nowMs) OR (state = 'sending' AND lease_until <= @nowMs)) AND not_after > @nowMs
        """;

    public const string Insert = """
        INSERT INTO deliveries (id, code_pk, code_id, user_id, method, resource_id, resource_name, not_before, not_after,
                                key_id, nonce, payload, payload_tag, state, deliver_at, next_attempt_at, created_at, updated_at)
        VALUES (@Id, (SELECT pk FROM codes WHERE id = @CodeId), @CodeId, @UserId, @Method, @ResourceId, @ResourceName,
                @NotBefore, @NotAfter, @KeyId, @Nonce, @Payload, @PayloadTag, 'queued', @DeliverAt, @DeliverAt, @nowMs, @nowMs)
        """;

    /// <summary>Whether the dispatcher has anything to do now (a read, so an idle queue costs no write).</summary>
    public const string AnyWork = """
        SELECT COUNT(*) FROM deliveries
        WHERE state IN ('queued', 'sending')
          AND (((state = 'queued' AND next_attempt_at <= @nowMs) OR (state = 'sending' AND lease_until <= @nowMs)) OR not_after <= @nowMs)
        """;

    /// <summary>
    /// Ends pending messages whose code has expired (expired), or was used up, revoked or killed (cancelled), erasing
    /// their code. A used-up code gets here when a gateway delivered it but answered with an error, and the person
    /// typed it before the retry.
    /// </summary>
    public const string EndStale = $"""
        UPDATE deliveries
        SET state = CASE WHEN not_after <= @nowMs THEN 'expired' ELSE 'cancelled' END, {Erase}
        WHERE state IN ('queued', 'sending')
          AND (not_after <= @nowMs OR EXISTS (SELECT 1 FROM codes c WHERE c.pk = deliveries.code_pk AND c.state IN (1, 2, 3)))
        RETURNING {Columns}
        """;

    /// <summary>Cancels the pending messages of codes just revoked, in the revocation's transaction.</summary>
    public const string CancelRevoked = $"""
        UPDATE deliveries SET state = 'cancelled', {Erase}
        WHERE state IN ('queued', 'sending') AND EXISTS (SELECT 1 FROM codes c WHERE c.pk = deliveries.code_pk AND c.state = 2)
        """;

    /// <summary>
    /// Leases up to @limit due messages of @methods to @owner. <paramref name="lockClause"/> is PostgreSQL's
    /// <c>FOR UPDATE SKIP LOCKED</c>, so nodes sharing the queue take disjoint messages without waiting on each other;
    /// SQLite's single writer needs none. <paramref name="methodFilter"/> matches @methods (a list: Dapper expands it for
    /// SQLite, and passes an array to PostgreSQL).
    /// </summary>
    public static string Claim(string lockClause, string methodFilter) => $"""
        UPDATE deliveries
        SET state = 'sending', lease_owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @nowMs
        WHERE pk IN (SELECT pk FROM deliveries WHERE {Due} AND {methodFilter} ORDER BY next_attempt_at, pk LIMIT @limit {lockClause})
        RETURNING {Columns}
        """;

    private const string Leased = "pk = @pk AND state = 'sending' AND lease_owner = @owner";

    public const string RenewLease = $"UPDATE deliveries SET lease_until = @leaseUntil WHERE {Leased}";

    public const string MarkSent = $"UPDATE deliveries SET state = 'sent', sent_at = @nowMs, last_error = NULL, {Erase} WHERE {Leased}";

    public const string MarkRetry = $"""
        UPDATE deliveries
        SET state = 'queued', next_attempt_at = @next, last_error = @error, lease_owner = NULL, lease_until = NULL, updated_at = @nowMs
        WHERE {Leased}
        """;

    public const string MarkFailed = $"UPDATE deliveries SET state = 'failed', last_error = @error, {Erase} WHERE {Leased}";

    public const string InsertAttempt = """
        INSERT INTO delivery_attempts (delivery_pk, attempt, at, outcome, error, reference)
        VALUES (@pk, (SELECT attempts FROM deliveries WHERE pk = @pk), @nowMs, @outcome, @error, @reference)
        """;

    /// <summary>SQLite only (one process owns the file): a message left <c>sending</c> by a process that died is queued again at once.</summary>
    public const string RequeueOrphans = "UPDATE deliveries SET state = 'queued', lease_owner = NULL, lease_until = NULL WHERE state = 'sending'";

    public const string Select = $"SELECT {Columns} FROM deliveries WHERE id = @id";

    public const string Attempts = """
        SELECT a.attempt, a.at, a.outcome, a.error, a.reference
        FROM delivery_attempts a JOIN deliveries d ON d.pk = a.delivery_pk WHERE d.id = @id ORDER BY a.pk
        """;
}
