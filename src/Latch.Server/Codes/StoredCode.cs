using Latch.Core.Codes;
using Latch.Server.Delivery;
using Latch.Server.Doors;

namespace Latch.Server.Codes;

/// <summary>A code just stored: its id, the plain value (to hand out once), its queued message when it is delivered, its offline window.</summary>
internal sealed record StoredCode(string Id, PlainCode Code, DeliveryQueued? Delivery, OfflineWindowView? Offline = null)
{
    public void Deconstruct(out string id, out PlainCode code) => (id, code) = (Id, Code);
}
