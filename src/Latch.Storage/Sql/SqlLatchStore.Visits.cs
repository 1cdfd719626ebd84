using Latch.Core.Audit;
using Latch.Storage.Visits;

namespace Latch.Storage.Sql;

internal abstract partial class SqlLatchStore
{
    private const string VisitColumns = """
        pk, id, user_id, resource_id, code_id, delivery_id, method, start_at, end_at, lead_minutes, deliver_at, created_at, created_by, cancelled_at
        """;

    public Task AddVisitAsync(VisitRecord visit, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            await scope.ExecuteAsync("""
                INSERT INTO visits (id, user_id, resource_id, code_id, delivery_id, method, start_at, end_at, lead_minutes, deliver_at, created_at, created_by)
                VALUES (@Id, @UserId, @ResourceId, @CodeId, @DeliveryId, @Method, @StartAt, @EndAt, @LeadMinutes, @DeliverAt, @CreatedAt, @CreatedBy)
                """, visit);
            await scope.AuditAsync(audit, visit.CreatedAt);
            return true;
        }, ct);

    public Task<VisitRecord?> FindVisitAsync(string id, CancellationToken ct) =>
        QuerySingleAsync<VisitRecord>($"SELECT {VisitColumns} FROM visits WHERE id = @id", new { id }, ct);

    public Task<IReadOnlyList<VisitRecord>> ListVisitsAsync(VisitQuery query, CancellationToken ct) =>
        QueryListAsync<VisitRecord>($"""
            SELECT {VisitColumns} FROM visits
            WHERE (@UserId IS NULL OR user_id = @UserId)
              AND (@ResourceId IS NULL OR resource_id = @ResourceId)
              AND (@FromMs IS NULL OR end_at > @FromMs)
              AND (@IncludeCancelled OR cancelled_at IS NULL)
            ORDER BY start_at, pk LIMIT @Limit
            """, query, ct);

    /// <summary>Cancels a visit and revokes its code in one transaction; false when it was already cancelled or does not exist.</summary>
    public Task<bool> CancelVisitAsync(string id, long nowMs, AuditDraft audit, CancellationToken ct) =>
        WriteAsync(async scope =>
        {
            var codeId = await scope.FirstOrDefaultAsync<string?>(
                "UPDATE visits SET cancelled_at = @nowMs WHERE id = @id AND cancelled_at IS NULL RETURNING code_id", new { id, nowMs });
            if (codeId is null)
            {
                return false;
            }

            await scope.ExecuteAsync(CodeSql.RevokeOne, new { id = codeId, nowMs });
            await scope.ExecuteAsync(DeliverySql.CancelRevoked, new { nowMs });
            await scope.AuditAsync(audit, nowMs);
            return true;
        }, ct);
}
