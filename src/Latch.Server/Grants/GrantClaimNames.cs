namespace Latch.Server.Grants;

/// <summary>The claims of a grant beyond the registered <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>jti</c>, <c>iat</c>, <c>nbf</c>, <c>exp</c> (RFC 7519 §4.1).</summary>
public static class GrantClaimNames
{
    /// <summary>The session the grant belongs to (OpenID Connect's <c>sid</c>); revoking the session ends the grant.</summary>
    public const string SessionId = "sid";

    /// <summary>
    /// The policy requirements the person satisfied, as a list of the policy's own names (<c>requireCode</c>,
    /// <c>requireCompliantDevice</c>). Not <c>amr</c>: RFC 8176 registers how a person authenticated, and a
    /// compliant device is no authentication method, so mapping onto it would lose meaning. A private name
    /// (RFC 7519 §4.3) keeps the policy vocabulary exact.
    /// </summary>
    public const string Requirements = "latch_req";
}
