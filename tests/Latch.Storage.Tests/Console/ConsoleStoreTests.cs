using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Storage;
using Latch.Storage.Console;
using Latch.Storage.Directory;

namespace Latch.Storage.Tests.Console;

/// <summary>The console's store methods on both engines (migration 009 and the read models).</summary>
public sealed class ConsoleStoreTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_console_account_signs_in_once_per_time_step_and_the_read_models_answer(string engine)
    {
        var (store, cleanup) = await OpenedStore.OpenAsync(engine);
        try
        {
            var account = new ConsoleAccountRecord
            {
                Id = PublicId.New(PublicId.ConsoleAccount),
                UserName = "ada",
                Role = "admin",
                PasswordHash = ConsolePassword.Hash("correct horse battery"),
                TotpSecret = [1, 2, 3],
                State = "pending",
                CreatedAt = 1000,
                CreatedBy = "test",
            };
            Assert.IsType<AddResult<ConsoleAccountRecord>.Added>(await store.AddConsoleAccountAsync(account, Audit("consoleAccount.created"), default));
            Assert.IsType<AddResult<ConsoleAccountRecord>.Conflict>(await store.AddConsoleAccountAsync(
                new ConsoleAccountRecord { Id = PublicId.New(PublicId.ConsoleAccount), UserName = "ada", Role = "admin", PasswordHash = "x", TotpSecret = [1], State = "pending", CreatedBy = "t" },
                Audit("consoleAccount.created"), default));
            Assert.Equal(0, await store.CountActiveConsoleAccountsAsync(default)); // pending until the first code

            var found = (await store.FindConsoleAccountByNameAsync("ada", default))!;
            Assert.True(await store.AcceptConsoleSignInAsync(found.Pk, 100, null, 2000, Audit("console.signedIn"), default));
            Assert.False(await store.AcceptConsoleSignInAsync(found.Pk, 100, null, 2001, Audit("console.signedIn"), default));
            Assert.True(await store.AcceptConsoleSignInAsync(found.Pk, 101, "upgraded", 2002, Audit("console.signedIn"), default));
            var active = (await store.FindConsoleAccountAsync(account.Id, default))!;
            Assert.Equal(("active", 101L, "upgraded", 2002L), (active.State, active.LastStep, active.PasswordHash, active.LastSignInAt!.Value));
            Assert.Equal(1, await store.CountActiveConsoleAccountsAsync(default));
            Assert.Single(await store.ListConsoleAccountsAsync(default));

            var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "alex", CreatedAt = 1 };
            await store.AddUserAsync(user, Audit("user.created"), default);
            Assert.Equal(user.Id, (await store.FindUserByNameAsync("alex", default))!.Id);
            var device = new DeviceRecord { Id = PublicId.New(PublicId.Device), Name = "laptop", OwnerId = user.Id, Compliant = false, CreatedAt = 1 };
            await store.AddDeviceAsync(device, Audit("device.created"), default);
            Assert.True(await store.SetDeviceComplianceAsync(device.Id, true, 3000, Audit("device.complianceSet"), default));
            Assert.False(await store.SetDeviceComplianceAsync(device.Id, true, 3001, Audit("device.complianceSet"), default));
            Assert.True((await store.ListDevicesAsync(10, default)).Single().Compliant);
            await store.AddGroupAsync(new GroupRecord { Id = PublicId.New(PublicId.Group), Name = "ops", CreatedAt = 1 }, Audit("group.created"), default);
            Assert.Single(await store.ListGroupsAsync(10, default));

            Assert.Empty(await store.ListCodesAsync(new CodeListQuery { Status = "pending", NowMs = 5000 }, default));
            Assert.Empty(await store.ListCodesAsync(new CodeListQuery { Status = null, NowMs = 5000 }, default));
            Assert.Equal(new CodeCounts(0, 0, 0, 0, 0), await store.CountCodesAsync(5000, default));
        }
        finally
        {
            await cleanup();
        }
    }

    private static AuditDraft Audit(string action) => new("test", action, "t", "{}");
}
