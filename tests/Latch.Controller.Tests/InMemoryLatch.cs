using Latch.Controller.Events;
using Latch.Controller.Transport;
using Latch.Controller.Twin;

namespace Latch.Controller.Tests;

/// <summary>
/// An in-memory stand-in for the server side of the doors contract: serves a twin, measures skew against its own
/// clock, answers unlocks from a table, and stores events idempotently by sequence number. <see cref="Reachable"/>
/// false makes every call fail as a refused connection would.
/// </summary>
internal sealed class InMemoryLatch(DoorTwin twin, TimeProvider serverTime) : IDoorTransport
{
    public bool Reachable { get; set; } = true;

    public DoorTwin Twin { get; set; } = twin;

    /// <summary>Online answers by typed code; any other code is denied as invalid.</summary>
    public Dictionary<string, string> Holders { get; } = [];

    public List<DoorEvent> Stored { get; } = [];

    public List<string> Unlocks { get; } = [];

    public ReportedState? LastReport { get; private set; }

    public Task<Reply<DoorTwin>> GetTwinAsync(CancellationToken ct = default) =>
        Answer(Twin with { ServerTime = serverTime.GetUtcNow() });

    public Task<Reply<ReportAnswer>> ReportAsync(ReportedState state, CancellationToken ct = default)
    {
        LastReport = state;
        var skew = (state.Clock - serverTime.GetUtcNow()).TotalSeconds;
        return Answer(new ReportAnswer(skew, Math.Abs(skew) > 30 ? "outOfSync" : "inSync"));
    }

    public Task<Reply<UnlockAnswer>> UnlockAsync(string code, CancellationToken ct = default)
    {
        if (Reachable)
        {
            Unlocks.Add(code);
        }

        return Answer(Holders.TryGetValue(code, out var user)
            ? new UnlockAnswer(true, user, "cod_1")
            : new UnlockAnswer(false, Reason: "invalid"));
    }

    public Task<Reply<long>> UploadEventsAsync(IReadOnlyList<DoorEvent> events, CancellationToken ct = default)
    {
        if (!Reachable)
        {
            return Answer(0L);
        }

        var highest = Stored.Count == 0 ? 0 : Stored[^1].Seq;
        Stored.AddRange(events.Where(e => e.Seq > highest).OrderBy(e => e.Seq));
        return Answer(Stored.Count == 0 ? 0L : Stored[^1].Seq);
    }

    private Task<Reply<T>> Answer<T>(T value) =>
        Task.FromResult<Reply<T>>(Reachable ? new Reply<T>.Answered(value) : new Reply<T>.Unreachable("connection refused"));
}
