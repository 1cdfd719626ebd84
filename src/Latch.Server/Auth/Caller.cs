using Latch.Core.Access;

namespace Latch.Server.Auth;

/// <summary>
/// Who is calling: the API key's id and role, and for a door controller (its device key or its client certificate)
/// the controller's id and its door; for a device key made with POST /v1/api-keys, the resource it is bound to.
/// The audit log names a key as <c>key:{id}</c> and a controller as <c>controller:{id}</c>; the web UI's callers are
/// <c>console:{accountId}</c> (admin UI) and <c>user:{userId}</c> (self-service portal).
/// </summary>
public sealed record Caller(
    string KeyId, Role Role, string? ControllerId = null, string? DoorId = null, string ActorKind = "key", string? ResourceId = null)
{
    public string Actor => ControllerId is null ? ActorKind + ":" + KeyId : "controller:" + ControllerId;
}
