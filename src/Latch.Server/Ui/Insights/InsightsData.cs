using System.Text.Json;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Doors;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Console;
using Latch.Storage.SignIns;
using Latch.Server.Ui.Doors;

namespace Latch.Server.Ui.Insights;

/// <summary>
/// The dashboard's numbers: sign-ins per day by decision, the policies that applied most, failed verifications, codes,
/// doors by sync state and keypad lockouts.
/// </summary>
internal sealed record InsightsData(
    IReadOnlyList<(DateOnly Day, int Allow, int Challenge, int Block)> Days,
    IReadOnlyList<(string Name, int Hits)> TopPolicies,
    int FailedChallenges,
    long FailedVerifications,
    CodeCounts Codes,
    DoorCounts Doors,
    long Lockouts)
{
    public const int DaysShown = 14;

    public static async Task<InsightsData> ReadAsync(ILatchStore store, DoorAdmin doorAdmin, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = new DateTimeOffset(today.AddDays(-(DaysShown - 1)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var signIns = await store.ListSignInsAsync(new SignInQuery(null, null, from.ToUnixTimeMilliseconds(), null, null, null, 10_000), ct);

        var days = Enumerable.Range(0, DaysShown).Select(i => today.AddDays(i - DaysShown + 1)).Select(day =>
        {
            var of = signIns.Where(s => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(s.At).UtcDateTime) == day).ToList();
            return (day, of.Count(s => s.Decision == "allow"), of.Count(s => s.Decision == "challenge"), of.Count(s => s.Decision == "block"));
        }).ToList();

        var hits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var signIn in signIns)
        {
            foreach (var verdict in JsonSerializer.Deserialize(signIn.Policies, LatchJson.Default.IReadOnlyListPolicyVerdictView) ?? [])
            {
                if (verdict.Applied)
                {
                    hits[verdict.Name] = hits.GetValueOrDefault(verdict.Name) + 1;
                }
            }
        }

        // Failed verifications and keypad lockouts: the audit log's entries over the same period, read from the newest
        // back. Entries are appended in time order (to within the few milliseconds concurrent writes may cross by), so
        // the first one older than the period ends the reading.
        long failed = 0;
        long lockouts = 0;
        var fromMs = from.ToUnixTimeMilliseconds();
        await foreach (var entry in store.ReadAuditNewestFirstAsync(ct))
        {
            if (entry.AtMs < fromMs)
            {
                break;
            }

            if (entry.Action is "code.verified" or "authenticator.used" && entry.Data.Contains("\"granted\":false", StringComparison.Ordinal))
            {
                failed++;
            }
            else if (entry.Action == AuditActions.DoorLockout)
            {
                lockouts++;
            }
        }

        return new InsightsData(days, [.. hits.OrderByDescending(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal).Take(5).Select(h => (h.Key, h.Value))],
            signIns.Count(s => s.Outcome == "failed"), failed, await store.CountCodesAsync(now.ToUnixTimeMilliseconds(), ct),
            DoorCounts.Of(UiOutcome<IReadOnlyList<DoorView>>.From(await doorAdmin.ListAsync(ct)).Value ?? []), lockouts);
    }
}

/// <summary>Doors by state, each door counted once by its worst controller (<see cref="DoorText.DoorState"/>).</summary>
internal sealed record DoorCounts(int Offline, int OutOfSync, int InSync, int Never)
{
    public int Total => Offline + OutOfSync + InSync + Never;

    public static DoorCounts Of(IReadOnlyList<DoorView> doors)
    {
        var states = doors.Select(DoorText.DoorState).ToList();
        return new DoorCounts(states.Count(s => s == ControllerStatus.Offline), states.Count(s => s == ControllerStatus.OutOfSync),
            states.Count(s => s == ControllerStatus.InSync), states.Count(s => s == ControllerStatus.Never));
    }
}
