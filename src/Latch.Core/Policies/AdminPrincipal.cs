namespace Latch.Core.Policies;

/// <summary>An admin user and the groups they belong to, as lock-out protection sees them.</summary>
public sealed record AdminPrincipal(string UserId, IReadOnlyList<string> GroupIds);
