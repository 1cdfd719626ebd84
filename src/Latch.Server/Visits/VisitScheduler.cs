using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Codes;
using Latch.Server.Doors;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Visits;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Visits;

/// <summary>
/// Schedules visits (SPEC "Doors and devices", "Delivery"): a code valid only inside [start, end], queued for delivery
/// at start − lead (at once when that is already past), and a visit record that names both.
/// </summary>
internal sealed class VisitScheduler(ILatchStore store, CodeIssuer issuer, OfflineIssuance offline, TimeProvider clock)
{
    public const int DefaultLeadMinutes = 30;
    private const int MaxLeadMinutes = 7 * 24 * 60;

    public async Task<IResult> ScheduleAsync(ScheduleVisitRequest request, Caller caller, CancellationToken ct)
    {
        var now = Instants.FromUnixMs(clock.GetUtcNow().ToUnixMs());
        var errors = Validate(request, now);
        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        var user = await store.FindUserAsync(request.UserId!, ct);
        if (user is null)
        {
            return Problems.NotFound("user", request.UserId!);
        }

        var resource = await store.FindResourceAsync(request.ResourceId!, ct);
        if (resource is null)
        {
            return Problems.NotFound("resource", request.ResourceId!);
        }

        if (issuer.Unreachable(request.Method!, user, "method") is { } unreachable)
        {
            return unreachable;
        }

        var (start, end) = (Instants.FromUnixMs(request.Start!.Value.ToUnixMs()), Instants.FromUnixMs(request.End!.Value.ToUnixMs()));
        var lead = request.LeadMinutes ?? DefaultLeadMinutes;
        var deliverAt = start.AddMinutes(-lead) > now ? start.AddMinutes(-lead) : now;
        var visitId = PublicId.New(PublicId.Visit);
        // At a door in offline mode the visit's code is derived so the controller can check it offline (docs/offline-codes.md).
        var plan = await offline.PlanAsync(resource, start, end, ct);
        var draft = new CodeDraft(user, resource, plan?.Format ?? CodeFormat.Default, start, end, request.MaxUses ?? 1, 1, request.Method, 0,
            DeliverAt: deliverAt, Offline: plan);
        if (await issuer.StoreAsync(draft, caller, now, ct) is not { Delivery: { } delivery } stored)
        {
            return plan is null ? CodeIssuer.SpaceExhausted() : CodeIssuer.SlotsExhausted();
        }

        var visit = new VisitRecord
        {
            Id = visitId,
            UserId = user.Id,
            ResourceId = resource.Id,
            CodeId = stored.Id,
            DeliveryId = delivery.Id,
            Method = request.Method!,
            StartAt = start.ToUnixMs(),
            EndAt = end.ToUnixMs(),
            LeadMinutes = lead,
            DeliverAt = deliverAt.ToUnixMs(),
            CreatedAt = now.ToUnixMs(),
            CreatedBy = caller.Actor,
        };
        await store.AddVisitAsync(visit, new AuditDraft(caller.Actor, AuditActions.VisitScheduled, visitId, AuditData.Of(
            ("userId", user.Id), ("resourceId", resource.Id), ("codeId", stored.Id), ("start", start), ("end", end), ("deliverAt", deliverAt),
            ("method", request.Method))), ct);
        return TypedResults.Created($"/v1/visits/{visitId}", VisitView.Of(visit, now.ToUnixMs()) with { Offline = stored.Offline });
    }

    private static FieldErrors Validate(ScheduleVisitRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Required("userId", request.UserId);
        errors.Required("resourceId", request.ResourceId);
        errors.Required("method", request.Method);
        if (request.Start is not { } start || request.End is not { } end)
        {
            errors.Add(request.Start is null ? "start" : "end", "start and end are required (ISO 8601 instants).");
        }
        else if (end <= start)
        {
            errors.Add("end", "end must be later than start.");
        }
        else if (end <= now)
        {
            errors.Add("end", "end is in the past: the visit could never happen.");
        }
        else if (end - start > TimeSpan.FromSeconds(CodeIssuer.MaxTtlSeconds))
        {
            errors.Add("end", "A visit may last at most 366 days.");
        }

        if (request.LeadMinutes is < 0 or > MaxLeadMinutes)
        {
            errors.Add("leadMinutes", $"leadMinutes must be between 0 and {MaxLeadMinutes}.");
        }

        if (request.MaxUses is < 1 or > 10_000)
        {
            errors.Add("maxUses", "maxUses must be between 1 and 10000.");
        }

        return errors;
    }
}
