using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Grants;
using Latch.Server.Http;
using Latch.Storage.SignIns;

namespace Latch.Server.Access;

/// <summary>Starts a session and signs its grant: the session lasts exactly as long as the grant's <c>exp</c>.</summary>
internal static class SessionGrants
{
    public static (SessionRecord Session, GrantView Grant) Start(
        GrantSigner signer, string userId, string resourceId, string signInId, IReadOnlyList<string> satisfied, TimeSpan lifetime)
    {
        var sessionId = PublicId.New(PublicId.Session);
        var grant = signer.Issue(new GrantClaims(userId, resourceId, sessionId, satisfied, lifetime));
        var session = new SessionRecord
        {
            Id = sessionId,
            UserId = userId,
            ResourceId = resourceId,
            SignInId = signInId,
            Requirements = JsonSerializer.Serialize(satisfied, LatchJson.Default.IReadOnlyListString),
            CreatedAt = grant.ExpiresAt.Subtract(TimeSpan.FromSeconds(Math.Floor(lifetime.TotalSeconds))).ToUnixMs(),
            ExpiresAt = grant.ExpiresAt.ToUnixMs(),
        };
        return (session, new GrantView(grant.Token, grant.ExpiresAt, sessionId));
    }

    /// <summary>The session's audit entry names the grant's holder and bounds, never the token.</summary>
    public static AuditDraft StartedAudit(Caller caller, SessionRecord session, string signInId) =>
        new(caller.Actor, AuditActions.SessionStarted, session.Id, AuditData.Of(
            ("userId", session.UserId), ("resourceId", session.ResourceId), ("signInId", signInId),
            ("expiresAt", Instants.FromUnixMs(session.ExpiresAt))));
}
