using Latch.Core.Access;

namespace Latch.Server.Auth;

/// <summary>Who is calling: the API key's id and role. Its id goes into the audit log as <c>key:{id}</c>.</summary>
public sealed record Caller(string KeyId, Role Role)
{
    public string Actor => "key:" + KeyId;
}
