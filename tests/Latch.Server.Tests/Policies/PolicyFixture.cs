using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Policies;

/// <summary>
/// The directory every policy scenario runs against, built in the test's own store. Scenarios name things as
/// <c>@name</c> (<c>@ada</c>, <c>@staff</c>, <c>@HQ</c>, <c>@door</c>, <c>@laptop</c>); <see cref="Id"/> turns a name
/// into the id the server gave it.
/// </summary>
public sealed partial class PolicyFixture
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    private PolicyFixture(LatchApi api) => Api = api;

    public LatchApi Api { get; }

    /// <summary>
    /// Users ada (staff), bob (staff, contractors) and cyd (no group); resources door and app; devices laptop
    /// (windows, compliant), phone (ios, not compliant) and bare (no platform, compliant); named locations HQ (trusted),
    /// Partner, Single (/32), Lab6 (/64) and Host6 (/128).
    /// </summary>
    public static async Task<PolicyFixture> BuildAsync(LatchApi api)
    {
        var f = new PolicyFixture(api);
        foreach (var user in new[] { "ada", "bob", "cyd" })
        {
            f._ids[user] = await f.CreateAsync("/v1/users", new { userName = user });
        }

        f._ids["staff"] = await f.CreateAsync("/v1/groups", new { name = "staff" });
        f._ids["contractors"] = await f.CreateAsync("/v1/groups", new { name = "contractors" });
        await f.AddMemberAsync("staff", "ada");
        await f.AddMemberAsync("staff", "bob");
        await f.AddMemberAsync("contractors", "bob");

        f._ids["door"] = await f.CreateAsync("/v1/resources", new { name = "door", kind = "door" });
        f._ids["app"] = await f.CreateAsync("/v1/resources", new { name = "app", kind = "app" });

        f._ids["laptop"] = await f.CreateAsync("/v1/devices", new { name = "laptop", platform = "windows", compliant = true });
        f._ids["phone"] = await f.CreateAsync("/v1/devices", new { name = "phone", platform = "ios", compliant = false });
        f._ids["bare"] = await f.CreateAsync("/v1/devices", new { name = "bare", compliant = true });

        await f.LocationAsync("HQ", true, "10.0.0.0/8", "2001:db8:1::/48");
        await f.LocationAsync("Partner", false, "198.51.100.0/24");
        await f.LocationAsync("Single", false, "192.0.2.7/32");
        await f.LocationAsync("Lab6", false, "2001:db8:2::/64");
        await f.LocationAsync("Host6", false, "2001:db8:3::1/128");
        return f;
    }

    /// <summary>The id of <c>@name</c>; any other text is returned as it is.</summary>
    public string Id(string nameOrLiteral) =>
        nameOrLiteral.StartsWith('@') ? _ids[nameOrLiteral[1..]] : nameOrLiteral;

    /// <summary>Replaces every <c>@name</c> in a text (an expected reason) with its id.</summary>
    public string Resolve(string text) => Token().Replace(text, m => _ids.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value);

    public async Task SetUserRiskAsync(string user, string level)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Put, $"/v1/users/{Id(user)}/risk", new { level });
        Assert.True(status == 200, $"setting risk answered {status}: {body}");
    }

    public async Task<string> CreatePolicyAsync(object document)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", document);
        Assert.True(status == 201, $"creating the policy answered {status}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    private async Task LocationAsync(string name, bool trusted, params string[] cidrs) =>
        _ids[name] = await CreateAsync("/v1/locations", new { name, cidrs, trusted });

    private async Task AddMemberAsync(string group, string user)
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, $"/v1/groups/{_ids[group]}/members", new { userId = _ids[user] });
        Assert.True(status == 201, $"adding {user} to {group} answered {status}: {body}");
    }

    private async Task<string> CreateAsync(string path, object body)
    {
        var (status, answer) = await Api.SendAsync(HttpMethod.Post, path, body);
        Assert.True(status == 201, $"POST {path} answered {status}: {answer}");
        return answer.GetProperty("id").GetString()!;
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Token();
}
