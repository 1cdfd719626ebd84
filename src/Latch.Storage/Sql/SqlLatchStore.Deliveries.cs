using Latch.Core.Audit;
using Latch.Storage.Deliveries;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    /// <summary>The row lock a claim takes on this engine (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>).</summary>
    protected virtual string ClaimLockClause => "";

    /// <summary>How a claim matches its list of methods on this engine.</summary>
    protected virtual string MethodFilter => "method IN @methods";

    public async Task<bool> HasDeliveryWorkAsync(long nowMs, CancellationToken ct) =>
        await QuerySingleAsync<long>(DeliverySql.AnyWork, new { nowMs }, ct) > 0;

    public Task<IReadOnlyList<DeliveryRecord>> EndStaleDeliveriesAsync(long nowMs, Func<DeliveryRecord, AuditDraft> audit, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<DeliveryRecord>>(async scope =>
        {
            var ended = (await scope.QueryAsync<DeliveryRecord>(DeliverySql.EndStale, new { nowMs })).ToList();
            foreach (var delivery in ended)
            {
                await scope.AuditAsync(audit(delivery), nowMs);
            }

            return ended;
        }, ct);

    public Task<IReadOnlyList<DeliveryRecord>> ClaimDeliveriesAsync(
        string owner, long nowMs, long leaseUntil, IReadOnlyList<string> methods, int limit, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<DeliveryRecord>>(async scope =>
            [.. await scope.QueryAsync<DeliveryRecord>(DeliverySql.Claim(ClaimLockClause, MethodFilter), new { owner, nowMs, leaseUntil, methods = methods.ToArray(), limit })], ct);

    public Task<bool> RenewDeliveryLeaseAsync(long pk, string owner, long leaseUntil, CancellationToken ct) =>
        WriteAsync(async scope => await scope.ExecuteAsync(DeliverySql.RenewLease, new { pk, owner, leaseUntil }) == 1, ct);

    public Task<bool> RecordDeliveryAsync(long pk, string owner, DeliveryResult result, long nowMs, AuditDraft? audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var (sql, outcome, error, reference, next) = result switch
            {
                DeliveryResult.Sent s => (DeliverySql.MarkSent, "sent", null, s.Reference, 0L),
                DeliveryResult.Retry r => (DeliverySql.MarkRetry, "retry", r.Error, null, r.NextAttemptAt),
                DeliveryResult.Failed f => (DeliverySql.MarkFailed, "failed", f.Error, (string?)null, 0L),
                _ => throw new ArgumentOutOfRangeException(nameof(result)),
            };

            // The lease is checked in the update: a sender whose lease ran out (and was taken over) records nothing.
            if (await scope.ExecuteAsync(sql, new { pk, owner, nowMs, error, next }) == 0)
            {
                return false;
            }

            await scope.ExecuteAsync(DeliverySql.InsertAttempt, new { pk, nowMs, outcome, error, reference });
            if (audit is not null)
            {
                await scope.AuditAsync(audit, nowMs);
            }

            return true;
        }, ct);

    public Task<DeliveryRecord?> FindDeliveryAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<DeliveryRecord>(DeliverySql.Select, new { id }, ct);

    public Task<IReadOnlyList<DeliveryAttemptRecord>> ListDeliveryAttemptsAsync(string id, CancellationToken ct) =>
        QueryListAsync<DeliveryAttemptRecord>(DeliverySql.Attempts, new { id }, ct);
}
