using Latch.Core.Access;

namespace Latch.Server.Auth;

/// <summary>
/// Who is calling: the API key's id and role, and for a door controller (its device key or its client certificate)
/// the controller's id and its door. The audit log names a key as <c>key:{id}</c> and a controller as <c>controller:{id}</c>.
/// </summary>
public sealed record Caller(string KeyId, Role Role, string? ControllerId = null, string? DoorId = null)
{
    public string Actor => ControllerId is null ? "key:" + KeyId : "controller:" + ControllerId;
}
