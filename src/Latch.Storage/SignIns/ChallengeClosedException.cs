namespace Latch.Storage.SignIns;

/// <summary>
/// The challenge stopped being pending between the caller's reading and its write (a push denied it, another answer
/// satisfied it); nothing of the write was kept.
/// </summary>
public sealed class ChallengeClosedException() : InvalidOperationException("The challenge is no longer pending.");
