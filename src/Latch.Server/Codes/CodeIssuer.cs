using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Directory;
using Latch.Core.Offline;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Delivery;
using Latch.Server.Doors;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Codes;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Codes;

/// <summary>Issues latch codes (SPEC "Latch codes"): validates the request, draws a value free at the resource, stores its tag.</summary>
internal sealed class CodeIssuer(
    ILatchStore store,
    CodeTagger tagger,
    CodeGenerator generator,
    DeliveryChannels channels,
    DeliveryQueue queue,
    OfflineIssuance offline,
    TimeProvider clock)
{
    public const int DefaultTtlSeconds = 300;
    public const int MaxTtlSeconds = 366 * 24 * 3600;

    // Each draw collides with probability (active codes / code space); eight misses in a row mean the space is full.
    private const int MaxDraws = 8;

    public async Task<IResult> IssueAsync(IssueCodeRequest request, Caller caller, CancellationToken ct)
    {
        var now = Instants.FromUnixMs(clock.GetUtcNow().ToUnixMs()); // the store keeps milliseconds
        var errors = Validate(request, now, out var format, out var window);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
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

        var delivery = request.Deliver?.Method;
        if (delivery is not null && Unreachable(delivery, user) is { } unreachable)
        {
            return unreachable;
        }

        var maxUses = request.MaxUses ?? 1;
        var maxAttempts = request.MaxAttempts ?? 1;

        // A time already past means now: the message goes out at once.
        var deliverAt = request.Deliver?.At is { } at && at > now ? Instants.FromUnixMs(at.ToUnixMs()) : now;
        // A scheduled window (notBefore/notAfter) at a door in offline mode gets a code its controller can check offline,
        // unless the caller asked for a particular code format.
        var plan = (request.NotBefore ?? request.NotAfter) is not null && request.Length is null && request.Alphabet is null
            ? await offline.PlanAsync(resource, window.NotBefore, window.NotAfter, ct)
            : null;
        var draft = new CodeDraft(user, resource, plan?.Format ?? format, window.NotBefore, window.NotAfter, maxUses, maxAttempts, delivery, 0,
            DeliverAt: deliverAt, Offline: plan);
        if (await StoreAsync(draft, caller, now, ct) is not { } drawn)
        {
            return plan is null ? SpaceExhausted() : SlotsExhausted();
        }

        var (id, code) = drawn;
        var issued = new CodeIssued(id, delivery is null ? code.Reveal() : null, user.Id, resource.Id, window.NotBefore, window.NotAfter,
            maxUses, maxAttempts, delivery, drawn.Delivery, drawn.Offline);
        return TypedResults.Created($"/v1/codes/{id}", issued);
    }

    /// <summary>A 400 when the method's channel cannot reach this person (no email address, say); null when it can.</summary>
    public IResult? Unreachable(string method, UserRecord user, string field = "deliver.method")
    {
        if (channels.Find(method) is not { } channel)
        {
            return Problems.Invalid(field, channels.Unavailable(method)!);
        }

        return channel.CannotReach(DeliveryQueue.RecipientOf(user)) is { } why
            ? Problems.Of(400, "latch.delivery.unreachable", "The delivery method cannot reach this user.",
                $"'{method}' cannot reach user '{user.Id}': {why}. Add it to the user, or choose another method.",
                new Dictionary<string, string[]> { [field] = [$"{why}."] })
            : null;
    }

    /// <summary>
    /// Draws a value no active code at the resource holds and stores its tag with the issuance audit entry — and, when
    /// the draft names a delivery method, its queued message (the code sealed), in the same transaction. Null when
    /// every draw collided (the code space at this resource is full).
    /// </summary>
    public async Task<StoredCode?> StoreAsync(CodeDraft draft, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (user, resource, format) = (draft.User, draft.Resource, draft.Format);
        var deliveryId = draft.Delivery is null ? null : PublicId.New(PublicId.Delivery);
        var deliverAt = draft.DeliverAt ?? now;
        var plan = draft.Offline;
        for (var draw = 0; draw < (plan is null ? MaxDraws : OfflineCodes.Slots); draw++)
        {
            // Offline: slot by slot, skipping references already used at this window (a revoked one may be on a twin's list).
            if (plan is not null && await store.FindOfflineCodeAsync(plan.Row(draw), ct) is not null)
            {
                continue;
            }

            var code = plan is null ? generator.Generate(format) : plan.Derive(draw);
            var id = PublicId.New(PublicId.Code);
            var current = tagger.Current;
            var olderTags = tagger.Keys.Skip(1).Select(k => new KeyTag(k.Id, tagger.Tag(k, resource.Id, code))).ToList();
            var newCode = new NewCode(id, user.Pk, user.Id, resource.Pk, current.Id, tagger.Tag(current, resource.Id, code),
                format.Alphabet == CodeAlphabet.Numeric ? "numeric" : "alphanumeric", format.Length,
                draft.NotBefore.ToUnixMs(), draft.NotAfter.ToUnixMs(), draft.MaxUses, draft.MaxAttempts, draft.Delivery, caller.Actor, draft.ChallengePk,
                deliveryId is null ? null : queue.Prepare(deliveryId, draft.Delivery!, resource, code, deliverAt), plan?.Row(draw));
            var audit = new AuditDraft(caller.Actor, AuditActions.CodeIssued, id, AuditData.Of(
                ("userId", user.Id), ("resourceId", resource.Id), ("notBefore", draft.NotBefore), ("notAfter", draft.NotAfter),
                ("maxUses", draft.MaxUses), ("maxAttempts", draft.MaxAttempts), ("length", format.Length), ("deliver", draft.Delivery),
                ("deliveryId", deliveryId), ("deliverAt", deliveryId is null ? null : deliverAt), ("challengeId", draft.ChallengeId),
                ("offlineRef", plan is null ? null : new OfflineCodeRef(plan.Secret.Version, plan.Window, draw).ToString())));

            if (await store.IssueCodeAsync(newCode, olderTags, now.ToUnixMs(), audit, ct) is not IssueResult.Collision)
            {
                if (deliveryId is null)
                {
                    return new StoredCode(id, code, null, plan?.View);
                }

                queue.Wake();
                return new StoredCode(id, code, new DeliveryQueued(deliveryId, draft.Delivery!, "queued", deliverAt), plan?.View);
            }
        }

        return null;
    }

    public static IResult SpaceExhausted() =>
        Problems.Conflict("latch.code.space-exhausted",
            "Too many active codes at this resource for this code length; issue a longer or alphanumeric code, or revoke unused ones.");

    public static IResult SlotsExhausted() =>
        Problems.Conflict("latch.offline.slotsExhausted",
            "Every holder slot (10) of this offline window at this door is taken; choose another window, or turn offline mode off for this door.");

    private Dictionary<string, string[]> Validate(IssueCodeRequest request, DateTimeOffset now, out CodeFormat format, out (DateTimeOffset NotBefore, DateTimeOffset NotAfter) window)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            Add("userId", "userId is required.");
        }

        if (string.IsNullOrWhiteSpace(request.ResourceId))
        {
            Add("resourceId", "resourceId is required.");
        }

        var alphabet = request.Alphabet switch
        {
            null or "numeric" => CodeAlphabet.Numeric,
            "alphanumeric" => CodeAlphabet.Alphanumeric,
            _ => (CodeAlphabet?)null,
        };
        if (alphabet is null)
        {
            Add("alphabet", "alphabet must be 'numeric' or 'alphanumeric'.");
        }

        format = new CodeFormat(alphabet ?? CodeAlphabet.Numeric, request.Length ?? CodeFormat.Default.Length);
        if (!format.IsValid)
        {
            Add("length", $"length must be between {CodeFormat.MinLength} and {CodeFormat.MaxLength(format.Alphabet)} for this alphabet.");
        }

        if (request.TtlSeconds is { } ttl && (ttl < 1 || ttl > MaxTtlSeconds))
        {
            Add("ttlSeconds", $"ttlSeconds must be between 1 and {MaxTtlSeconds}.");
        }

        if (request.TtlSeconds is not null && request.NotAfter is not null)
        {
            Add("ttlSeconds", "Give either ttlSeconds or notAfter, not both.");
        }

        if (request.MaxUses is { } uses && (uses < 1 || uses > 10_000))
        {
            Add("maxUses", "maxUses must be between 1 and 10000.");
        }

        if (request.MaxAttempts is { } attempts && (attempts < 1 || attempts > 100))
        {
            Add("maxAttempts", "maxAttempts must be between 1 and 100 (NIST SP 800-63B caps guessing at 100).");
        }

        var notBefore = request.NotBefore ?? now;
        var lifetime = TimeSpan.FromSeconds(request.TtlSeconds ?? DefaultTtlSeconds);
        var calendarEnd = request.NotAfter is null ? PastCalendarEnd(notBefore, lifetime) : null;
        var notAfter = request.NotAfter ?? calendarEnd ?? notBefore + lifetime;
        if (calendarEnd is not null && !errors.ContainsKey("ttlSeconds"))
        {
            Add("notBefore", "notBefore is too late: the code's window would end after the year 9999.");
        }

        window = (Instants.FromUnixMs(notBefore.ToUnixMs()), Instants.FromUnixMs(notAfter.ToUnixMs()));
        var windowError = notAfter <= notBefore ? "notAfter must be later than notBefore."
            : notAfter <= now ? "notAfter is in the past: the code could never be used."
            : notAfter - notBefore > TimeSpan.FromSeconds(MaxTtlSeconds) ? "The validity window may be at most 366 days."
            : null;

        // A window that follows from a ttlSeconds already refused is the same mistake: one message for it.
        if (windowError is not null && !errors.ContainsKey("ttlSeconds"))
        {
            Add("notAfter", windowError);
        }

        if (request.Deliver is { } deliver)
        {
            if (channels.Unavailable(deliver.Method) is { } unavailable)
            {
                Add("deliver.method", unavailable);
            }

            if (deliver.At is { } at && at >= notAfter)
            {
                Add("deliver.at", "deliver.at must be before the code's notAfter: the code would expire before it is delivered.");
            }
        }

        return errors;
    }

    /// <summary>The calendar's end it runs into when <paramref name="at"/> plus <paramref name="span"/> leaves years 1 to 9999; else null.</summary>
    private static DateTimeOffset? PastCalendarEnd(DateTimeOffset at, TimeSpan span) =>
        span >= TimeSpan.Zero
            ? (at > DateTimeOffset.MaxValue - span ? DateTimeOffset.MaxValue : null)
            : (at < DateTimeOffset.MinValue - span ? DateTimeOffset.MinValue : null);
}
