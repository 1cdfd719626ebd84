using Latch.Controller.Events;
using Latch.Controller.Twin;

namespace Latch.Controller.Transport;

/// <summary>The controller side of the doors contract: the four calls a controller makes, each for its own door.</summary>
public interface IDoorTransport
{
    Task<Reply<DoorTwin>> GetTwinAsync(CancellationToken ct = default);

    Task<Reply<ReportAnswer>> ReportAsync(ReportedState state, CancellationToken ct = default);

    Task<Reply<UnlockAnswer>> UnlockAsync(string code, CancellationToken ct = default);

    /// <summary>Posts events in order; the answer is Latch's <c>acceptedThrough</c>, the highest sequence number it holds.</summary>
    Task<Reply<long>> UploadEventsAsync(IReadOnlyList<DoorEvent> events, CancellationToken ct = default);
}
