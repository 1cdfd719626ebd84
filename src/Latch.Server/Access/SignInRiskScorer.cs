using Latch.Core.Policies;
using Latch.Storage;

namespace Latch.Server.Access;

/// <summary>
/// Sign-in risk from what Latch can see (SPEC "Risk"), highest signal wins:
/// - no IP known: none (nothing to judge);
/// - an IP outside every trusted named location: low ("untrustedNetwork");
/// - and one this user has never signed in from before, when they have signed in before: medium ("newAddress").
/// </summary>
internal sealed class SignInRiskScorer(ILatchStore store)
{
    public async Task<(RiskLevel Level, IReadOnlyList<string> Signals)> ScoreAsync(
        string userId, string? ip, PolicySet policies, CancellationToken ct)
    {
        if (ip is null)
        {
            return (RiskLevel.None, []);
        }

        if (policies.LocationContaining(NetworkAddress.Parse(ip), trustedOnly: true) is not null)
        {
            return (RiskLevel.None, []);
        }

        var (total, fromIp) = await store.ReadSignInHistoryAsync(userId, ip, ct);
        if (total > 0 && fromIp == 0)
        {
            return (RiskLevel.Medium, ["untrustedNetwork", "newAddress"]);
        }

        return (RiskLevel.Low, ["untrustedNetwork"]);
    }
}
