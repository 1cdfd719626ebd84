namespace Latch.Server.Grants;

/// <summary>What a grant states: who (<paramref name="UserId"/>) may open what (<paramref name="ResourceId"/>), in which session, having satisfied which policy requirements, for how long.</summary>
/// <param name="Requirements">The grant requirements satisfied, in the policy's words (<c>requireCode</c>, <c>requireCompliantDevice</c>); empty when no policy asked for any.</param>
/// <param name="Lifetime">How long the grant is valid, from now; whole seconds (JWT times are seconds), at least one.</param>
internal sealed record GrantClaims(string UserId, string ResourceId, string SessionId, IReadOnlyList<string> Requirements, TimeSpan Lifetime);
