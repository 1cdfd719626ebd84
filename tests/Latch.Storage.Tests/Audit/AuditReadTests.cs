using Latch.Core.Audit;

namespace Latch.Storage.Tests.Audit;

/// <summary>Reading the audit log in pages, oldest first (the chain check) and newest first (the console's views).</summary>
public sealed class AuditReadTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Both_directions_read_every_entry_once_across_pages(string engine)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            const int Appended = 2_100; // more than two pages of 1,000
            var before = await CountAsync(store.ReadAllAuditAsync(default));
            for (var i = 0; i < Appended; i++)
            {
                await store.AppendAuditAsync(new AuditDraft("test", "test.entry", $"t{i}", "{}"), 1_000 + i, default);
            }

            var oldestFirst = new List<long>();
            await foreach (var entry in store.ReadAllAuditAsync(default))
            {
                oldestFirst.Add(entry.Seq);
            }

            var newestFirst = new List<AuditEntry>();
            await foreach (var entry in store.ReadAuditNewestFirstAsync(default))
            {
                newestFirst.Add(entry);
            }

            Assert.Equal(before + Appended, oldestFirst.Count);
            Assert.Equal(oldestFirst.AsEnumerable().Reverse(), newestFirst.Select(e => e.Seq));
            Assert.Equal($"t{Appended - 1}", newestFirst[0].Target);
            Assert.Equal(oldestFirst.Distinct().Count(), oldestFirst.Count);
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<AuditEntry> entries)
    {
        var count = 0;
        await foreach (var _ in entries)
        {
            count++;
        }

        return count;
    }
}
