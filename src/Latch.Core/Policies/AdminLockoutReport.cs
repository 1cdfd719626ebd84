namespace Latch.Core.Policies;

/// <summary>The result of a lock-out check: whether every admin (at least one) is blocked, and by which policy.</summary>
public sealed record AdminLockoutReport(bool AllAdminsBlocked, IReadOnlyList<AdminBlock> Admins);

/// <summary>One admin and the first enabled policy that blocks them everywhere, or null.</summary>
public sealed record AdminBlock(string UserId, string? BlockingPolicyId);
