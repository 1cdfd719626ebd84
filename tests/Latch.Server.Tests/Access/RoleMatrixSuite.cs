using System.Text.RegularExpressions;
using Latch.Server.Auth;
using Latch.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Access;

public abstract partial class RoleMatrixSuite(string store) : StoreTest(store)
{
    private static readonly string[] AllRoles = ["admin", "operator", "auditor", "app", "device"];

    [Fact]
    public async Task Each_role_gets_403_exactly_where_it_may_not_call()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var keys = new Dictionary<string, string>();
        foreach (var role in AllRoles)
        {
            // A device key is bound to one resource (here the door the calls below act on).
            var (_, created) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys",
                role == "device" ? new { name = role + " key", role, resourceId = door } : (object)new { name = role + " key", role });
            keys[role] = created.GetProperty("key").GetString()!;
        }

        var calls = new (HttpMethod Method, Func<Task<string>> Path, Func<object?> Body, string[] Allowed)[]
        {
            (HttpMethod.Post, () => Task.FromResult("/v1/api-keys"), () => new { name = "k", role = "app" }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/api-keys"), () => null, ["admin"]),
            (HttpMethod.Delete, () => Task.FromResult("/v1/api-keys/key_00000000000000000000"), () => null, ["admin"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/users"), () => new { userName = "u" + Guid.NewGuid().ToString("n") }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/users"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult($"/v1/users/{user}"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/groups"), () => new { name = "g" + Guid.NewGuid().ToString("n") }, ["admin"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/resources"), () => new { name = "r" + Guid.NewGuid().ToString("n"), kind = "app" }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/resources"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/devices"), () => new { name = "laptop", compliant = true }, ["admin"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/locations"), () => new { name = "l" + Guid.NewGuid().ToString("n"), cidrs = new[] { "10.0.0.0/8" }, trusted = true }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/locations"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/codes"), () => new { userId = user, resourceId = door }, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/codes/verify"), () => new { resourceId = door, code = "123456", context = new { ip = "198.51.100." + Random.Shared.Next(1, 250) } }, ["admin", "operator", "app", "device"]),
            (HttpMethod.Get, async () => $"/v1/codes/{(await Api.IssueAsync(user, door)).Id}", () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Delete, async () => $"/v1/codes/{(await Api.IssueAsync(user, door)).Id}", () => null, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/users/{user}/codes/revoke"), () => null, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/resources/{door}/codes/revoke"), () => null, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/policies"), () => new { name = "p" + Guid.NewGuid().ToString("n"), state = "disabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { block = true } }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/policies"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/policies/what-if"), () => new { userId = user, resourceId = door }, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/policies/impact"), () => new { from = DateTimeOffset.UnixEpoch, to = DateTimeOffset.UnixEpoch.AddDays(1), policies = new[] { new { name = "x", state = "enabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { block = true } } } }, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/access/evaluate"), () => new { userId = user, resourceId = door }, ["admin", "app"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/sign-ins"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Put, () => Task.FromResult($"/v1/users/{user}/risk"), () => new { level = "low" }, ["admin"]),
            (HttpMethod.Patch, () => Task.FromResult($"/v1/users/{user}"), () => new { defaultMethod = "outbox" }, ["admin"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/users/{user}/authenticators/totp"), () => null, ["admin", "operator"]),
            (HttpMethod.Get, () => Task.FromResult($"/v1/users/{user}/authenticators"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/users/{user}/authenticators/aut_00000000000000000000/activate"), () => new { code = "123456" }, ["admin", "operator"]),
            (HttpMethod.Delete, () => Task.FromResult($"/v1/users/{user}/authenticators/aut_00000000000000000000"), () => null, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/visits"), () => new { userId = user, resourceId = door, start = DateTimeOffset.UtcNow.AddDays(1), end = DateTimeOffset.UtcNow.AddDays(1).AddHours(1), method = "outbox" }, ["admin", "operator"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/visits"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Delete, () => Task.FromResult("/v1/visits/vis_00000000000000000000"), () => null, ["admin", "operator"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/doors"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult($"/v1/doors/{door}"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Put, () => Task.FromResult($"/v1/doors/{door}/config"), () => new { offlineMode = false }, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/doors/{door}/offline-key/rotate"), () => null, ["admin", "operator"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/doors/{door}/controllers"), () => new { name = "keypad" }, ["admin", "operator"]),
            (HttpMethod.Delete, () => Task.FromResult($"/v1/doors/{door}/controllers/dev_00000000000000000000"), () => null, ["admin", "operator"]),
            // A device key may ask only for its own controller's certificate; the controller-less one here gets latch.door.notYourDoor.
            (HttpMethod.Post, () => Task.FromResult($"/v1/doors/{door}/controllers/dev_00000000000000000000/certificate"), () => new { csr = "x" }, ["admin", "operator", "device"]),
            // Controller calls: only device credentials get past the role check (then only a controller of that door).
            (HttpMethod.Get, () => Task.FromResult($"/v1/doors/{door}/twin"), () => null, ["device"]),
            (HttpMethod.Put, () => Task.FromResult($"/v1/doors/{door}/twin/reported"), () => new { firmware = "1", clock = DateTimeOffset.UnixEpoch, lockState = "locked" }, ["device"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/doors/{door}/unlock"), () => new { code = "123456789" }, ["device"]),
            (HttpMethod.Post, () => Task.FromResult($"/v1/doors/{door}/events"), () => new { events = Array.Empty<object>() }, ["device"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/audit"), () => null, ["admin", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/audit/verify"), () => null, ["admin", "auditor"]),
            // Calls on one thing by id: ids of nothing, so an allowed role gets 404 (or 400) and a refused one 403.
            (HttpMethod.Get, () => Task.FromResult($"/v1/resources/{door}"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/groups/grp_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/groups/grp_00000000000000000000/members"), () => new { userId = user }, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/devices/dev_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/locations/loc_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/policies/pol_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Put, () => Task.FromResult("/v1/policies/pol_00000000000000000000"), () => new { name = "p", state = "disabled", users = new { include = new[] { "all" } }, resources = new { include = new[] { "all" } }, grant = new { block = true } }, ["admin"]),
            (HttpMethod.Delete, () => Task.FromResult("/v1/policies/pol_00000000000000000000"), () => null, ["admin"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/policies/pol_00000000000000000000/versions"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/challenges/chl_00000000000000000000/send"), () => new { method = "outbox" }, ["admin", "app"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/challenges/chl_00000000000000000000/verify"), () => new { code = "123456" }, ["admin", "app"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/sessions/ses_00000000000000000000"), () => null, ["admin", "operator", "auditor", "app"]),
            (HttpMethod.Post, () => Task.FromResult("/v1/sessions/ses_00000000000000000000/revoke"), () => null, ["admin", "operator"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/sign-ins/sgn_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/deliveries/dlv_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
            (HttpMethod.Get, () => Task.FromResult("/v1/visits/vis_00000000000000000000"), () => null, ["admin", "operator", "auditor"]),
        };

        // Every endpoint that needs a key is walked (a new one without a row here fails this test).
        var walked = new List<(string Method, string Path)>();
        foreach (var (method, path, _, _) in calls)
        {
            walked.Add((method.Method, await path()));
        }

        Assert.Empty(KeyedEndpoints().Where(e => !walked.Any(w => w.Method == e.Method && e.Path.IsMatch(w.Path))).Select(e => $"{e.Method} {e.Path}"));

        var mismatches = new List<string>();
        foreach (var (method, path, body, allowed) in calls)
        {
            foreach (var role in AllRoles)
            {
                using var http = Host.Client(keys[role]);
                var target = await path();
                var (status, answer) = await new LatchApi(http).SendAsync(method, target, body());
                var forbidden = status == 403 && answer.TryGetProperty("code", out var code) && code.GetString() == "latch.auth.forbidden";
                if (forbidden == allowed.Contains(role))
                {
                    mismatches.Add($"{role} {method} {target} -> {status}");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    /// <summary>Each method and route that needs an API key, its route as a pattern that concrete paths match.</summary>
    private IEnumerable<(string Method, Regex Path)> KeyedEndpoints() =>
        Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AllowedRoles>() is not null && e.RoutePattern.RawText!.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                (method, new Regex("^" + RouteParameter().Replace(e.RoutePattern.RawText!.TrimEnd('/'), "[^/]+") + "$"))));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Calls_without_a_valid_key_get_401()
    {
        foreach (var key in new string?[] { null, "latch_not-a-real-key-at-all-0000", "garbage" })
        {
            using var http = Host.Client(key);
            var (status, body) = await new LatchApi(http).SendAsync(HttpMethod.Get, "/v1/users");
            Assert.Equal(401, status);
            Assert.Equal("latch.auth.missing-key", body.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var (_, created) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "temp", role = "auditor" });
        using var http = Host.Client(created.GetProperty("key").GetString());
        var auditor = new LatchApi(http);
        Assert.Equal(200, (await auditor.SendAsync(HttpMethod.Get, "/v1/users")).Status);

        Assert.Equal(204, (await Api.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{created.GetProperty("id").GetString()}")).Status);

        Assert.Equal(401, (await auditor.SendAsync(HttpMethod.Get, "/v1/users")).Status);
    }
}

public sealed class SqliteRoleMatrix() : RoleMatrixSuite("sqlite");

public sealed class PostgresRoleMatrix() : RoleMatrixSuite("postgres");
