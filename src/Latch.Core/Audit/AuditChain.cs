using System.Buffers;
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
    private const int StackLimit = 1024;

    /// <summary>The "previous hash" of the first entry.</summary>
    public static byte[] Genesis => new byte[HashSize];

    public static byte[] ComputeHash(ReadOnlySpan<byte> prevHash, long seq, long atMs, string actor, string action, string target, string data)
    {
        // The whole message is laid out in one buffer and hashed in one call: each separate update would be another
        // call into the crypto library, and this runs for every audited event.
        var maxLength = 1 + prevHash.Length + 16 + MaxUtf8(actor) + MaxUtf8(action) + MaxUtf8(target) + MaxUtf8(data);
        byte[]? rented = null;
        var buffer = maxLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            buffer[0] = FormatVersion;
            prevHash.CopyTo(buffer[1..]);
            var at = 1 + prevHash.Length;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], seq);
            BinaryPrimitives.WriteInt64BigEndian(buffer[(at + 8)..], atMs);
            at += 16;
            at += WriteString(buffer[at..], actor);
            at += WriteString(buffer[at..], action);
            at += WriteString(buffer[at..], target);
            at += WriteString(buffer[at..], data);
            return SHA256.HashData(buffer[..at]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static AuditEntry Seal(AuditDraft draft, long seq, long atMs, byte[] prevHash) =>
        new(seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data, prevHash,
            ComputeHash(prevHash, seq, atMs, draft.Actor, draft.Action, draft.Target, draft.Data));

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

    private static int MaxUtf8(string value) => 4 + Encoding.UTF8.GetMaxByteCount(value.Length);

    // A field is its UTF-8 length (4 bytes, big-endian) and its UTF-8 bytes.
    private static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }
}
