using Latch.Core.Access;

namespace Latch.Server.Auth;

/// <summary>
/// Who is calling: the API key's id and role. Its id goes into the audit log as <c>key:{id}</c>; the web UI's callers
/// are <c>console:{accountId}</c> (admin UI) and <c>user:{userId}</c> (self-service portal).
/// </summary>
public sealed record Caller(string KeyId, Role Role, string ActorKind = "key")
{
    public string Actor => ActorKind + ":" + KeyId;
}
