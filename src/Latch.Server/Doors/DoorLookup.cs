using Latch.Core.Offline;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Latch.Storage.Doors;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Doors;

/// <summary>A door as the endpoints need it: its resource, its configuration (defaults when never set).</summary>
internal sealed record DoorContext(ResourceRecord Resource, DoorRecord Config)
{
    public string Id => Resource.Id;
    public long Pk => Resource.Pk;
}

/// <summary>Finds doors and checks that a controller acts for its own door; opens the door's sealed secret.</summary>
internal sealed class DoorLookup(ILatchStore store, DoorSecretSealer sealer)
{
    public async Task<(DoorContext? Door, IResult? Problem)> FindAsync(string doorId, CancellationToken ct)
    {
        var resource = await Endpoints.ResourceEndpoints.FindAsync(store, doorId, ct);
        if (resource is null)
        {
            return (null, Problems.NotFound("door", doorId));
        }

        if (resource.Kind != "door")
        {
            return (null, Problems.Of(400, "latch.door.notADoor", "The resource is not a door.",
                $"Resource '{resource.Id}' is of kind '{resource.Kind}'; door calls need a resource of kind 'door'."));
        }

        return (new DoorContext(resource, DoorSettings.OrDefault(await store.FindDoorAsync(resource.Pk, ct), resource.Pk)), null);
    }

    /// <summary>
    /// The door, when the caller is a controller bound to it; 403 <c>latch.door.notYourDoor</c> for any other device
    /// credential (another door's controller, or a device key bound to no controller).
    /// </summary>
    public async Task<(DoorContext? Door, ControllerRecord? Controller, IResult? Problem)> ForControllerAsync(string doorId, Caller caller, CancellationToken ct)
    {
        var controller = caller.ControllerId is { } id && caller.DoorId == doorId ? await store.FindControllerAsync(id, ct) : null;
        if (controller is null || controller.RemovedAt is not null || controller.DoorId != doorId)
        {
            return (null, null, NotYourDoor(doorId));
        }

        var (door, problem) = await FindAsync(doorId, ct);
        return (door, controller, problem);
    }

    public static IResult NotYourDoor(string doorId) =>
        Problems.Of(403, "latch.door.notYourDoor", "This credential is not for this door.",
            $"Only the controllers bound to door '{Problems.Shorten(doorId)}' may do this, with their device key or client certificate.");

    /// <summary>The door's current secret, opened; null when it has none (or it cannot be opened: fail closed).</summary>
    public async Task<DoorSecret?> SecretAsync(DoorContext door, CancellationToken ct) =>
        await store.FindDoorSecretAsync(door.Pk, ct) is { } stored ? sealer.Open(stored.Sealed, door.Id, stored.Version) : null;
}
