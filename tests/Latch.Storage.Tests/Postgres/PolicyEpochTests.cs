using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Tests.Hosting;
using Latch.Storage.Policies;
using Npgsql;

namespace Latch.Storage.Tests.Postgres;

/// <summary>
/// Every node caches the compiled policies until the store's policy epoch changes. On PostgreSQL a write's row key is
/// taken before it commits, so two writes of policies could commit out of key order; the epoch must change anyway.
/// </summary>
public sealed class PolicyEpochTests
{
    [Fact]
    public async Task A_policy_change_committed_after_a_later_one_still_changes_the_epoch()
    {
        var (store, setup, cleanup) = await OpenedStore.OpenWithSetupAsync("postgres");
        try
        {
            var first = await CreateAsync(store, "first");
            var second = await CreateAsync(store, "second");

            // Another session holds the first policy's next version number, so the first update takes its row key and
            // then waits on that version's uniqueness.
            await using var other = new NpgsqlConnection(setup.PostgresConnectionString);
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("""
                INSERT INTO policy_versions (policy_id, version, change, document, changed_at, changed_by)
                VALUES (@id, 2, 'updated', '{}', 0, 'test')
                """, other))
            {
                hold.Parameters.AddWithValue("id", first);
                await hold.ExecuteNonQueryAsync();
            }

            var firstUpdate = store.UpdatePolicyAsync(first, "first", "{\"v\":2}", null, 2, "test", Audit(), default);
            await Eventually.GetAsync(async () => await LockWaits.BesideAsync(other) == 1 ? "waiting" : null, "the first update waiting");
            var secondUpdate = store.UpdatePolicyAsync(second, "second", "{\"v\":2}", null, 2, "test", Audit(), default);
            await Eventually.GetAsync(async () => secondUpdate.IsCompleted || await LockWaits.BesideAsync(other) == 2 ? "settled" : null,
                "the second update committed or waiting");

            // A node reads the epoch and the policies now, then both updates commit.
            var epoch = await store.ReadPolicyEpochAsync(default);
            var cached = Documents(await store.ListPoliciesAsync(default));
            await transaction.RollbackAsync();
            await Task.WhenAll(firstUpdate, secondUpdate);

            var now = Documents(await store.ListPoliciesAsync(default));
            Assert.NotEqual(cached, now); // both updates changed something the node's copy lacks ...
            Assert.NotEqual(epoch, await store.ReadPolicyEpochAsync(default)); // ... so the epoch it cached at must have moved
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task<string> CreateAsync(ILatchStore store, string name)
    {
        var policy = new PolicyRecord { Id = PublicId.New(PublicId.Policy), Name = name, Document = "{\"v\":1}", CreatedAt = 1, UpdatedBy = "test" };
        Assert.IsType<SavePolicyResult.Saved>(await store.CreatePolicyAsync(policy, Audit(), default));
        return policy.Id;
    }

    private static string Documents(IReadOnlyList<PolicyRecord> policies) => string.Join(",", policies.Select(p => p.Name + "=" + p.Document));

    private static AuditDraft Audit() => new("test", "policy.updated", "t", "{}");
}
