using Latch.Core.Policies;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Access;

/// <summary>
/// Turns an evaluate or What-If request into <see cref="RequestFacts"/>: looks up the user, resource and device
/// (404 when unknown), parses the context (400 when malformed), and computes the sign-in risk.
/// </summary>
internal sealed class FactsResolver(ILatchStore store, SignInRiskScorer risk, TimeProvider clock)
{
    /// <summary>How far a caller's <c>context.at</c> may stray from Latch's clock when evaluating for real.</summary>
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public async Task<(RequestFacts? Facts, UserRecord? User, long ResourcePk, IResult? Problem)> ResolveAsync(
        EvaluateRequest request, bool whatIf, PolicySet policies, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            errors.Add("userId", "userId is required.");
        }

        if (string.IsNullOrWhiteSpace(request.ResourceId))
        {
            errors.Add("resourceId", "resourceId is required.");
        }

        var context = request.Context ?? new AccessContext();
        string? ip = null;
        if (context.Ip is not null)
        {
            if (NetworkAddress.TryParse(context.Ip, out var parsed))
            {
                ip = parsed.ToString();
            }
            else
            {
                errors.Add("context.ip", "context.ip is not an IPv4 address (four decimal parts, e.g. 192.0.2.1) or an IPv6 address.");
            }
        }

        if (context.ClientApp is not null && !ClientApps.TryParse(context.ClientApp, out _))
        {
            errors.Add("context.clientApp", "context.clientApp must be browser, mobile, api or keypad.");
        }

        var now = clock.GetUtcNow();
        var at = context.At ?? now;
        if (!whatIf)
        {
            // An app may not pick the instant (time windows would be dodged) nor the risk Latch computes.
            if (context.At is { } given && (given - now).Duration() > AllowedClockSkew)
            {
                errors.Add("context.at", "context.at must be within 5 minutes of Latch's clock; only What-If evaluates at another time.");
            }

            at = now;
            if (context.SignInRisk is not null || context.UserRisk is not null)
            {
                errors.Add(context.SignInRisk is not null ? "context.signInRisk" : "context.userRisk",
                    "Latch computes risk when evaluating; only What-If may simulate it.");
            }

            if (request.Policies is not null)
            {
                errors.Add("policies", "Draft policies are for What-If and impact only.");
            }
        }

        var simulatedSignInRisk = ParseRisk(context.SignInRisk, "context.signInRisk", errors);
        var simulatedUserRisk = ParseRisk(context.UserRisk, "context.userRisk", errors);
        if (errors.Any)
        {
            return (null, null, 0, Problems.Invalid(errors.All));
        }

        var user = await store.FindUserAsync(request.UserId!, ct);
        if (user is null)
        {
            return (null, null, 0, Problems.NotFound("user", request.UserId!));
        }

        var resource = await store.FindResourceAsync(request.ResourceId!, ct);
        if (resource is null)
        {
            return (null, null, 0, Problems.NotFound("resource", request.ResourceId!));
        }

        DeviceRecord? device = null;
        if (context.DeviceId is not null)
        {
            device = await store.FindDeviceAsync(context.DeviceId, ct);
            if (device is null)
            {
                return (null, null, 0, Problems.NotFound("device", context.DeviceId));
            }
        }

        var groups = await store.ListGroupIdsOfUserAsync(user.Pk, ct);
        var (signInRisk, signals) = simulatedSignInRisk is { } simulated
            ? (simulated, (IReadOnlyList<string>)["simulated"])
            : await risk.ScoreAsync(user.Id, ip, policies, ct);
        var facts = new RequestFacts
        {
            UserId = user.Id,
            GroupIds = [.. groups],
            ResourceId = resource.Id,
            Ip = ip,
            DeviceId = device?.Id,
            Platform = device?.Platform,
            DeviceCompliant = device?.Compliant,
            ClientApp = context.ClientApp,
            At = at,
            SignInRisk = signInRisk.WireName(),
            UserRisk = (simulatedUserRisk ?? (RiskLevels.TryParse(user.Risk, out var stored) ? stored : RiskLevel.None)).WireName(),
            RiskSignals = signals,
        };
        return (facts, user, resource.Pk, null);
    }

    private static RiskLevel? ParseRisk(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!RiskLevels.TryParse(value, out var level))
        {
            errors.Add(field, $"{field} must be none, low, medium or high.");
            return null;
        }

        return level;
    }
}
