using Latch.Core.Codes;
using Latch.Core.Offline;
using Latch.Storage;
using Latch.Storage.Directory;
using Latch.Storage.Doors;

namespace Latch.Server.Doors;

/// <summary>
/// How a code at a door in offline mode is made (docs/offline-codes.md): derived from the door's current secret over the
/// shortest window covering the code's validity and a holder slot, instead of drawn at random. Null plan: an ordinary code
/// (not a door, offline mode off, no secret, or a validity longer than 24 h).
/// </summary>
internal sealed class OfflineIssuance(ILatchStore store, DoorLookup doors)
{
    public async Task<OfflinePlan?> PlanAsync(ResourceRecord resource, DateTimeOffset notBefore, DateTimeOffset notAfter, CancellationToken ct)
    {
        if (resource.Kind != "door" || await store.FindDoorAsync(resource.Pk, ct) is not { OfflineMode: true } config
            || OfflineWindows.Cover(notBefore, notAfter) is not { } window)
        {
            return null;
        }

        var secret = await doors.SecretAsync(new DoorContext(resource, config), ct);
        return secret is null ? null : new OfflinePlan(resource, secret, window, config.CodeLength);
    }
}

/// <summary>The material to derive a door's offline code: one candidate per free slot, in slot order.</summary>
internal sealed record OfflinePlan(ResourceRecord Door, DoorSecret Secret, OfflineWindow Window, int Length)
{
    public CodeFormat Format => new(CodeAlphabet.Numeric, Length);

    public OfflineCodeRow Row(int slot) => new(Door.Pk, Secret.Version, Window.StartUnixSeconds, Window.Hours, slot);

    public PlainCode Derive(int slot) => new(OfflineCodes.Derive(Secret, Door.Id, new OfflineCodeRef(Secret.Version, Window, slot), Length));

    public OfflineWindowView View => new(Window.Start, Window.End);
}
