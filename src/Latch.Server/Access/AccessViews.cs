using System.Text.Json;
using Latch.Server.Http;
using Latch.Storage.SignIns;

namespace Latch.Server.Access;

internal static class SessionViews
{
    public static SessionView Of(SessionRecord s, long nowMs)
    {
        var state = s.RevokedAt is not null ? "revoked" : s.ExpiresAt <= nowMs ? "expired" : "active";
        return new SessionView(s.Id, s.UserId, s.ResourceId, s.SignInId,
            JsonSerializer.Deserialize(s.Requirements, LatchJson.Default.IReadOnlyListString) ?? [],
            Instants.FromUnixMs(s.CreatedAt), Instants.FromUnixMs(s.ExpiresAt), state == "active", state,
            s.RevokedAt is { } at ? Instants.FromUnixMs(at) : null, s.RevokedBy, s.RevokeReason);
    }
}

internal static class SignInViews
{
    public static SignInView Of(SignInRecord s)
    {
        using var context = JsonDocument.Parse(s.Context);
        using var policies = JsonDocument.Parse(s.Policies);
        return new SignInView(s.Id, Instants.FromUnixMs(s.At), s.UserId, s.ResourceId, s.Ip, s.Decision, s.ChallengeId, s.Outcome,
            s.SessionId, context.RootElement.Clone(), policies.RootElement.Clone());
    }
}
