using System.Security.Cryptography;

namespace Latch.Core.Audit;

/// <summary>Checks a chain one entry at a time, in sequence order, so a long log can be streamed page by page.</summary>
public sealed class AuditChainWalk
{
    private byte[] _prevHash = AuditChain.Genesis;
    private long _expectedSeq = 1;

    /// <summary>True when <paramref name="entry"/> is the next link of the chain; the walk then moves past it.</summary>
    public bool Accept(AuditEntry entry)
    {
        var recomputed = AuditChain.ComputeHash(entry.PrevHash, entry.Seq, entry.AtMs, entry.Actor, entry.Action, entry.Target, entry.Data);
        var holds = entry.Seq == _expectedSeq
            && CryptographicOperations.FixedTimeEquals(entry.PrevHash, _prevHash)
            && CryptographicOperations.FixedTimeEquals(entry.Hash, recomputed);
        if (holds)
        {
            _prevHash = entry.Hash;
            _expectedSeq++;
        }

        return holds;
    }
}
