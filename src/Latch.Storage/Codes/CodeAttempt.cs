namespace Latch.Storage.Codes;

/// <summary>
/// A typed code to consume at a resource: its tags under every key (newest first), optionally the user the caller
/// says is typing it, the instant of the attempt, and the challenge it answers (0: none — then only codes bound
/// to no challenge can match).
/// </summary>
public sealed record CodeAttempt(long ResourcePk, IReadOnlyList<KeyTag> Tags, long? UserPk, long NowMs, long ChallengePk = 0);
