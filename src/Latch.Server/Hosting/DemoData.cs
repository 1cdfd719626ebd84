using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Audit;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Latch.Storage.Directory;
using Latch.Storage.Policies;
using Microsoft.Extensions.Logging;

namespace Latch.Server.Hosting;

/// <summary>
/// The quick start's demo set, created once in an empty store: a user, a door, an app, a trusted "Office" location
/// and a policy that asks for a code to open the app from anywhere else.
/// </summary>
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
            await SeedPolicyAsync(store, resources.First(r => r.Kind == "app").Id, now, ct);
        }

        var door = resources.FirstOrDefault(r => r.Kind == "door")?.Id ?? "-";
        var app = resources.FirstOrDefault(r => r.Kind == "app")?.Id ?? "-";
        logger.DemoSeeded(existingUsers[0].Id, door, app);
        await console.WriteLineAsync($"""
            Demo data: user 'alex' = {existingUsers[0].Id}, door 'Front door' = {door}, app 'Payroll app' = {app}
            """);
    }

    private static async Task SeedPolicyAsync(ILatchStore store, string appId, long now, CancellationToken ct)
    {
        var office = new LocationRecord
        {
            Id = PublicId.New(PublicId.Location),
            Name = "Office",
            Cidrs = """["10.0.0.0/8","192.168.0.0/16"]""",
            Trusted = true,
            CreatedAt = now,
        };
        await store.AddLocationAsync(office, Audit(AuditActions.LocationCreated, office.Id), ct);
        var policy = new PolicyDefinition
        {
            Name = "Code for the payroll app outside the office",
            State = PolicyState.Enabled,
            Users = UserAssignment.All,
            Resources = new ResourceAssignment { Include = [appId] },
            Conditions = new PolicyConditions { Locations = new LocationCondition { IncludeAny = true, ExcludeTrusted = true } },
            Grant = new GrantControls { Requirements = [GrantRequirement.RequireCode] },
        };
        var record = new PolicyRecord
        {
            Id = PublicId.New(PublicId.Policy),
            Name = policy.Name,
            Document = PolicyEditor.Serialize(policy),
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = "system",
        };
        await store.CreatePolicyAsync(record, Audit(AuditActions.PolicyCreated, record.Id), ct);
    }

    private static AuditDraft Audit(string action, string target) => new("system", action, target, AuditData.Of(("source", "demo")));
}
