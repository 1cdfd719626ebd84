using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage.Directory;

namespace Latch.Storage.Tests.Directory;

/// <summary>
/// A user's contact details are written only if they are still as the caller read them, so two changes made from one
/// reading cannot undo each other (a phone removed by one coming back with the other's display name).
/// </summary>
public sealed class UserContactUpdateTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_change_made_from_a_stale_reading_writes_nothing_and_says_so(string engine)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "ada", DisplayName = "Ada", Phone = "+4930123456", CreatedAt = 1 };
            Assert.IsType<AddResult<UserRecord>.Added>(await store.AddUserAsync(user, Audit(), default));
            var read = (await store.FindUserAsync(user.Id, default))!;

            var withoutPhone = With(read, displayName: "Ada", phone: null);
            Assert.Equal(UpdateUserResult.Updated, await store.UpdateUserContactAsync(read, withoutPhone, 2, Audit(), default));
            var entries = (await store.ReadAuditAsync(0, 100, default)).Count;

            // A second change from the same, now stale, reading would bring the phone back.
            var renamed = With(read, displayName: "Ada Lovelace", phone: read.Phone);
            Assert.Equal(UpdateUserResult.ChangedMeanwhile, await store.UpdateUserContactAsync(read, renamed, 3, Audit(), default));

            var stored = (await store.FindUserAsync(user.Id, default))!;
            Assert.Equal(("Ada", (string?)null), (stored.DisplayName, stored.Phone));
            Assert.Equal(entries, (await store.ReadAuditAsync(0, 100, default)).Count);

            // Made from a fresh reading, the same change lands.
            Assert.Equal(UpdateUserResult.Updated, await store.UpdateUserContactAsync(stored, With(stored, "Ada Lovelace", null), 4, Audit(), default));
            Assert.Equal("Ada Lovelace", (await store.FindUserAsync(user.Id, default))!.DisplayName);

            var nobody = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "nobody", CreatedAt = 1 };
            Assert.Equal(UpdateUserResult.NotFound, await store.UpdateUserContactAsync(nobody, nobody, 5, Audit(), default));
        }
        finally
        {
            await cleanup();
        }
    }

    private static UserRecord With(UserRecord user, string? displayName, string? phone) => new()
    {
        Pk = user.Pk,
        Id = user.Id,
        UserName = user.UserName,
        DisplayName = displayName,
        Email = user.Email,
        Phone = phone,
        DefaultMethod = user.DefaultMethod,
        CreatedAt = user.CreatedAt,
    };

    private static AuditDraft Audit() => new("test", "user.updated", "t", "{}");
}
