using Latch.Core.Codes;
using Latch.Server.Delivery;

namespace Latch.Server.Codes;

/// <summary>A code just stored: its id, the plain value (to hand out once), and its queued message when it is delivered.</summary>
internal sealed record StoredCode(string Id, PlainCode Code, DeliveryQueued? Delivery)
{
    public void Deconstruct(out string id, out PlainCode code) => (id, code) = (Id, Code);
}
