using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Core.Audit;

/// <summary>
/// The audit hash chain: each entry's hash is SHA-256 over a version byte, the previous entry's hash and the
/// entry's fields, each length-prefixed. Changing, removing or reordering any entry breaks every later link.
/// </summary>
public static class AuditChain
{
    private const byte FormatVersion = 1;
    public const int HashSize = 32;

    /// <summary>The "previous hash" of the first entry.</summary>
    public static byte[] Genesis => new byte[HashSize];

    public static byte[] ComputeHash(ReadOnlySpan<byte> prevHash, long seq, long atMs, string actor, string action, string target, string data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return ComputeHash(sha, prevHash, seq, atMs, actor, action, target, data);
    }

    /// <summary>The same, on a caller's reusable SHA-256 context (one per thread: contexts are not thread-safe).</summary>
    public static byte[] ComputeHash(IncrementalHash sha, ReadOnlySpan<byte> prevHash, long seq, long atMs, string actor, string action, string target, string data)
    {
        Span<byte> number = stackalloc byte[8];
        sha.AppendData([FormatVersion]);
        sha.AppendData(prevHash);
        BinaryPrimitives.WriteInt64BigEndian(number, seq);
        sha.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, atMs);
        sha.AppendData(number);
        AppendString(sha, actor);
        AppendString(sha, action);
        AppendString(sha, target);
        AppendString(sha, data);
        return sha.GetHashAndReset();
    }

    public static AuditEntry Seal(AuditDraft draft, long seq, long atMs, byte[] prevHash) =>
        new(seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data, prevHash,
            ComputeHash(prevHash, seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data));

    public static AuditEntry Seal(IncrementalHash sha, AuditDraft draft, long seq, long atMs, byte[] prevHash) =>
        new(seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data, prevHash,
            ComputeHash(sha, prevHash, seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data));

    /// <summary>
    /// Walks entries in sequence order and returns the first one that does not hold: its hash is not what its
    /// fields give, its link does not name the previous hash, or its sequence number skips or repeats.
    /// </summary>
    public static long? FirstBadEntry(IEnumerable<AuditEntry> entriesInOrder)
    {
        var walk = new AuditChainWalk();
        foreach (var entry in entriesInOrder)
        {
            if (!walk.Accept(entry))
            {
                return entry.Seq;
            }
        }

        return null;
    }

    private static void AppendString(IncrementalHash sha, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
