using Latch.Controller.Events;
using Latch.Controller.Transport;
using Latch.Controller.Twin;

namespace Latch.Controller.Tests;

/// <summary>An in-memory transport standing for "Latch unreachable": every call fails as a refused connection would.</summary>
internal sealed class UnreachableLatch : IDoorTransport
{
    public int Calls { get; private set; }

    public Task<Reply<DoorTwin>> GetTwinAsync(CancellationToken ct = default) => Down<DoorTwin>();

    public Task<Reply<ReportAnswer>> ReportAsync(ReportedState state, CancellationToken ct = default) => Down<ReportAnswer>();

    public Task<Reply<UnlockAnswer>> UnlockAsync(string code, CancellationToken ct = default) => Down<UnlockAnswer>();

    public Task<Reply<long>> UploadEventsAsync(IReadOnlyList<DoorEvent> events, CancellationToken ct = default) => Down<long>();

    private Task<Reply<T>> Down<T>()
    {
        Calls++;
        return Task.FromResult<Reply<T>>(new Reply<T>.Unreachable("connection refused"));
    }
}
