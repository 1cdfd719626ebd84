namespace Latch.Storage.Codes;

/// <summary>
/// A typed code to consume at a resource: its tags under every key (newest first), optionally the user the caller
/// says is typing it, and the instant of the attempt.
/// </summary>
public sealed record CodeAttempt(long ResourcePk, IReadOnlyList<KeyTag> Tags, long? UserPk, long NowMs);
