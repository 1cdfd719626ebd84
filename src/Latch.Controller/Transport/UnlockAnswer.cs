namespace Latch.Controller.Transport;

/// <summary>Latch's answer to POST /v1/doors/{id}/unlock: open with the holder, or a deny reason (and the blocking policy).</summary>
public sealed record UnlockAnswer(bool Open, string? UserId = null, string? CodeId = null, string? Reason = null, string? Policy = null);
