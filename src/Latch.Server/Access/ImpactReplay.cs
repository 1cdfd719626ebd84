using System.Text.Json;
using Latch.Core.Policies;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Latch.Storage.SignIns;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Access;

/// <summary>
/// <c>POST /v1/policies/impact</c>: replays the sign-ins of a time range against draft policies, with the facts each
/// sign-in recorded (groups, device, IP, risk as they were), and counts the decisions that would differ from the
/// decisions recorded. Nothing is stored.
/// </summary>
internal sealed class ImpactReplay(ILatchStore store, AccessEvaluator evaluator)
{
    public const int MaxSignIns = 100_000;
    private const int PageSize = 1000;
    private const int MaxSamples = 100;

    public async Task<IResult> ReplayAsync(ImpactRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Policies is null or [])
        {
            errors.Add("policies", "policies is required: the draft policies to replay against.");
        }

        if (request.From is null || request.To is null)
        {
            errors.Add(request.From is null ? "from" : "to", "from and to are required (ISO 8601 instants).");
        }
        else if (request.To <= request.From)
        {
            errors.Add("to", "to must be later than from.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.All);
        }

        var (snapshot, problem) = await evaluator.SnapshotWithDraftsAsync(request.Policies, request.DraftsOnly, ct);
        if (problem is not null)
        {
            return problem;
        }

        var tally = new ImpactTally();
        long? before = null;
        while (tally.Evaluated < MaxSignIns)
        {
            var page = await store.ListSignInsAsync(
                new SignInQuery(null, null, request.From!.Value.ToUnixMs(), request.To!.Value.ToUnixMs(), null, before, PageSize), ct);
            foreach (var signIn in page)
            {
                var facts = JsonSerializer.Deserialize(signIn.Context, LatchJson.Default.RequestFacts)
                    ?? throw new InvalidDataException($"Sign-in {signIn.Id} has no recorded facts.");
                var replayed = PolicyRun.Of(snapshot!, facts).Decision.Kind.WireName();
                tally.Add(signIn, replayed);
            }

            if (page.Count < PageSize)
            {
                break;
            }

            before = page[^1].Pk;
        }

        return TypedResults.Ok(tally.View(request.From!.Value, request.To!.Value, tally.Evaluated >= MaxSignIns));
    }

    private sealed class ImpactTally
    {
        private readonly Dictionary<(string From, string To), int> _transitions = [];
        private readonly Dictionary<string, Dictionary<(string From, string To), int>> _byUser = new(StringComparer.Ordinal);
        private readonly List<ImpactSample> _samples = [];

        public int Evaluated { get; private set; }

        public int Changed { get; private set; }

        public void Add(SignInRecord signIn, string replayed)
        {
            Evaluated++;
            if (signIn.Decision == replayed)
            {
                return;
            }

            Changed++;
            var key = (signIn.Decision, replayed);
            _transitions[key] = _transitions.GetValueOrDefault(key) + 1;
            var user = _byUser.TryGetValue(signIn.UserId, out var found) ? found : _byUser[signIn.UserId] = [];
            user[key] = user.GetValueOrDefault(key) + 1;
            if (_samples.Count < MaxSamples)
            {
                _samples.Add(new ImpactSample(signIn.Id, signIn.UserId, signIn.ResourceId, Instants.FromUnixMs(signIn.At), signIn.Decision, replayed));
            }
        }

        public ImpactView View(DateTimeOffset from, DateTimeOffset to, bool truncated) =>
            new(from, to, Evaluated, Changed, truncated, Transitions(_transitions),
                [.. _byUser.OrderByDescending(u => u.Value.Values.Sum()).ThenBy(u => u.Key, StringComparer.Ordinal)
                    .Select(u => new ImpactUser(u.Key, u.Value.Values.Sum(), Transitions(u.Value)))],
                _samples);

        private static IReadOnlyList<ImpactTransition> Transitions(Dictionary<(string From, string To), int> counts) =>
            [.. counts.OrderBy(t => t.Key.From, StringComparer.Ordinal).ThenBy(t => t.Key.To, StringComparer.Ordinal)
                .Select(t => new ImpactTransition(t.Key.From, t.Key.To, t.Value))];
    }
}
