using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Core.Audit;

namespace Latch.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var prev = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.Seal(new AuditDraft("key:k", "code.issued", $"cod_{i}", $"{{\"n\":{i}}}"), i, 1_700_000_000_000 + i, prev);
            entries.Add(entry);
            prev = entry.Hash;
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_holds() => Assert.Null(AuditChain.FirstBadEntry(Chain(10)));

    [Fact]
    public void A_changed_field_is_found_at_its_entry()
    {
        var entries = Chain(10);
        entries[4] = entries[4] with { Data = "{\"n\":99}" };
        Assert.Equal(5, AuditChain.FirstBadEntry(entries));
    }

    [Fact]
    public void A_rehashed_entry_breaks_the_next_link()
    {
        var entries = Chain(10);
        var forged = entries[4] with { Actor = "mallory" };
        entries[4] = forged with { Hash = AuditChain.ComputeHash(forged.PrevHash, forged.Seq, forged.AtMs, forged.Actor, forged.Action, forged.Target, forged.Data) };
        Assert.Equal(6, AuditChain.FirstBadEntry(entries));
    }

    [Fact]
    public void Removed_and_swapped_entries_are_found()
    {
        var removed = Chain(10);
        removed.RemoveAt(3);
        Assert.Equal(5, AuditChain.FirstBadEntry(removed));

        var swapped = Chain(10);
        (swapped[2], swapped[3]) = (swapped[3], swapped[2]);
        Assert.Equal(4, AuditChain.FirstBadEntry(swapped));
    }

    [Fact]
    public void Fields_are_length_prefixed_so_boundaries_cannot_shift()
    {
        var a = AuditChain.ComputeHash(AuditChain.Genesis, 1, 0, "ab", "c", "t", "{}");
        var b = AuditChain.ComputeHash(AuditChain.Genesis, 1, 0, "a", "bc", "t", "{}");
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)] // past the stack buffer: the message is built in a rented array
    public void The_hash_is_sha256_over_the_documented_layout(int dataLength)
    {
        // Entries already stored must keep verifying: the layout is version 1, the previous hash, seq and time as
        // big-endian 64-bit numbers, then actor, action, target and data, each a big-endian 32-bit UTF-8 length and the bytes.
        var prev = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var data = "{\"note\":\"" + new string('é', dataLength) + "\"}";
        using var message = new MemoryStream();
        message.WriteByte(1);
        message.Write(prev);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, 42);
        message.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, 1_700_000_000_123);
        message.Write(number);
        foreach (var field in new[] { "key:k", "code.verified", "cod_1", data })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            message.Write(number[..4]);
            message.Write(bytes);
        }

        Assert.Equal(SHA256.HashData(message.ToArray()), AuditChain.ComputeHash(prev, 42, 1_700_000_000_123, "key:k", "code.verified", "cod_1", data));
    }
}
