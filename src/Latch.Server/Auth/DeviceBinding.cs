using Latch.Core.Access;
using Latch.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Auth;

/// <summary>
/// A device key made with POST /v1/api-keys acts only at the resource it is bound to, as a controller's credential acts
/// only at its door (<c>latch.door.notYourDoor</c>, kept for controllers). These are its refusals.
/// </summary>
internal static class DeviceBinding
{
    /// <summary>
    /// Null when the caller may act at the resource; a 403 for a device key bound to another resource, or bound to none.
    /// Controllers are checked against their door elsewhere; every other role passes.
    /// </summary>
    public static IResult? Refusal(Caller caller, string resourceId)
    {
        if (caller.Role != Role.Device || caller.ControllerId is not null)
        {
            return null;
        }

        if (caller.ResourceId is null)
        {
            return Unbound();
        }

        return caller.ResourceId == resourceId ? null : NotYourResource(resourceId);
    }

    public static IResult NotYourResource(string resourceId) =>
        Problems.Of(403, "latch.device.not-your-resource", "This device key is not for this resource.",
            $"The key is bound to another resource than '{Problems.Shorten(resourceId)}'; a device key acts only at the resource it was created for.");

    // Device keys created before keys were bound carry no resource: they are refused (fail closed) rather than trusted everywhere.
    public static IResult Unbound() =>
        Problems.Of(403, "latch.device.unbound-key", "This device key is bound to no resource.",
            "Device keys created before keys were bound to a resource act nowhere. Create a bound one with "
            + "POST /v1/api-keys {name, role: 'device', resourceId}, then revoke this one.");
}
