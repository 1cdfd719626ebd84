using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.Extensions.Logging;

namespace Latch.Server.Hosting;

/// <summary>The quick start's demo set: a user, a door and an app, created once in an empty store.</summary>
internal static class DemoData
{
    public static async Task SeedAsync(ILatchStore store, TextWriter console, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var existingUsers = await store.ListUsersAsync(1, ct);
        var resources = await store.ListResourcesAsync(10, ct);
        if (existingUsers.Count == 0)
        {
            var now = clock.GetUtcNow().ToUnixMs();
            var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = "alex", DisplayName = "Alex Demo", Email = "alex@example.com", CreatedAt = now };
            await store.AddUserAsync(user, Audit(AuditActions.UserCreated, user.Id), ct);
            foreach (var (name, kind) in new[] { ("Front door", "door"), ("Payroll app", "app") })
            {
                var resource = new ResourceRecord { Id = PublicId.New(PublicId.Resource), Name = name, Kind = kind, Sensitivity = "high", CreatedAt = now };
                await store.AddResourceAsync(resource, Audit(AuditActions.ResourceCreated, resource.Id), ct);
            }

            existingUsers = await store.ListUsersAsync(1, ct);
            resources = await store.ListResourcesAsync(10, ct);
        }

        var door = resources.FirstOrDefault(r => r.Kind == "door")?.Id ?? "-";
        var app = resources.FirstOrDefault(r => r.Kind == "app")?.Id ?? "-";
        logger.DemoSeeded(existingUsers[0].Id, door, app);
        await console.WriteLineAsync($"""
            Demo data: user 'alex' = {existingUsers[0].Id}, door 'Front door' = {door}, app 'Payroll app' = {app}
            """);
    }

    private static AuditDraft Audit(string action, string target) => new("system", action, target, AuditData.Of(("source", "demo")));
}
