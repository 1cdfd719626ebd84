using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage.Codes;
using Latch.Storage.Deliveries;
using Latch.Storage.Directory;

namespace Latch.Storage.Tests.Deliveries;

/// <summary>
/// A node renews its lease on a message just before sending it, so that no other node takes the message meanwhile;
/// once another node has taken it (the first node's lease ran out), the first can no longer renew, and does not send.
/// </summary>
public sealed class DeliveryLeaseTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_lease_another_node_took_over_cannot_be_renewed_and_a_renewed_one_is_not_taken(string engine)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            await QueueOneMessageAsync(store);

            var first = Assert.Single(await store.ClaimDeliveriesAsync("node-a", 10, 20, ["outbox"], 10, default));
            Assert.True(await store.RenewDeliveryLeaseAsync(first.Pk, "node-a", 60, default));
            Assert.Empty(await store.ClaimDeliveriesAsync("node-b", 40, 100, ["outbox"], 10, default)); // renewed: still node-a's

            var second = Assert.Single(await store.ClaimDeliveriesAsync("node-b", 70, 130, ["outbox"], 10, default));
            Assert.False(await store.RenewDeliveryLeaseAsync(first.Pk, "node-a", 200, default));
            Assert.True(await store.RenewDeliveryLeaseAsync(second.Pk, "node-b", 200, default));
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task QueueOneMessageAsync(ILatchStore store)
    {
        var user = Assert.IsType<AddResult<UserRecord>.Added>(await store.AddUserAsync(
            new UserRecord { Id = PublicId.New(PublicId.User), UserName = "ada", CreatedAt = 1 }, Audit(), default)).Row;
        var door = Assert.IsType<AddResult<ResourceRecord>.Added>(await store.AddResourceAsync(
            new ResourceRecord { Id = PublicId.New(PublicId.Resource), Name = "Front door", Kind = "door", Sensitivity = "medium", CreatedAt = 1 }, Audit(), default)).Row;
        var message = new NewDelivery(PublicId.New(PublicId.Delivery), "outbox", door.Id, door.Name, 1, new byte[12], new byte[6], new byte[16], 0);
        var code = new NewCode(PublicId.New(PublicId.Code), user.Pk, user.Id, door.Pk, 1, new byte[33], "numeric", 6, 0, 10_000_000, 1, 1, "outbox", "test",
            Queued: message);
        Assert.IsType<IssueResult.Issued>(await store.IssueCodeAsync(code, [], 1, Audit(), default));
    }

    private static AuditDraft Audit() => new("test", "code.issued", "t", "{}");
}
