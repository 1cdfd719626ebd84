using System.Net;
using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Browser.Tests;

/// <summary>Roles decide what the console shows and what it accepts; the API keeps its own authentication.</summary>
public sealed class RoleTests
{
    [Fact]
    public async Task An_auditor_sees_the_pages_but_cannot_change_anything()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("audrey", "auditor");
        using var auditor = new FormClient(host.BaseAddress);
        await FormPostTests.SignInAsync(auditor, "audrey", secret);

        // Forms are hidden...
        foreach (var page in new[] { "/policies", "/directory", "/codes", "/doors", "/what-if", "/sign-ins", "/audit" })
        {
            await auditor.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, auditor.LastStatus);
            Assert.DoesNotContain("name=\"_handler\" value=\"add-", auditor.LastPage);
            Assert.DoesNotContain("name=\"_handler\" value=\"issue\"", auditor.LastPage);
        }

        await auditor.GetAsync("/policies/new");
        Assert.Contains("<fieldset disabled", auditor.LastPage);

        // ...and posts are refused on the server, with a valid anti-forgery token.
        await auditor.GetAsync("/policies/new");
        await auditor.PostAsync("policy", ("Form.Name", "Sneaky"), ("Form.State", "enabled"), ("Form.UsersInclude", "all"),
            ("Form.ResourcesInclude", "all"), ("Form.Block", "true"), ("Form.Force", "true"));
        Assert.Equal(HttpStatusCode.Forbidden, auditor.LastStatus);
        Assert.Contains("may not change this", auditor.LastPage);

        await auditor.GetAsync("/directory");
        // A form the role is not shown cannot be submitted at all: Razor Components refuse a post naming no rendered form.
        await auditor.PostRawAsync("/directory", "add-location", ("LocationForm.Name", "Sneaky"), ("LocationForm.Cidrs", "0.0.0.0/0"), ("LocationForm.Trusted", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, auditor.LastStatus);
        await auditor.GetAsync("/directory");
        await auditor.PostRawAsync("/directory", "add-user", ("UserForm.UserName", "sneaky"));
        Assert.Equal(HttpStatusCode.BadRequest, auditor.LastStatus);
        await auditor.GetAsync("/codes");
        await auditor.PostRawAsync("/codes", "issue", ("Form.UserId", "usr_x"), ("Form.ResourceId", "res_x"));
        Assert.Equal(HttpStatusCode.BadRequest, auditor.LastStatus);

        var store = host.Services.GetRequiredService<ILatchStore>();
        Assert.Empty(await store.ListUsersAsync(10, default));

        Assert.Empty(await store.ListPoliciesAsync(default));
        Assert.Empty(await store.ListLocationsAsync(10, default));

        // Pages outside the role redirect to "not allowed".
        await auditor.GetAsync("/outbox");
        Assert.Equal("/denied", auditor.LastUri!.AbsolutePath);
        await auditor.GetAsync("/accounts");
        Assert.Equal("/denied", auditor.LastUri!.AbsolutePath);
    }

    [Fact]
    public async Task An_auditor_sees_the_doors_but_cannot_change_their_config_controllers_or_key()
    {
        await using var host = await UiHost.StartAsync();
        using var api = new DoorApi(host);
        var door = await api.CreateDoorAsync("Front door");
        var (controller, key) = await api.AddControllerAsync(door, "keypad");
        Assert.Equal("outOfSync", await api.ReportAsync(door, key, TimeSpan.FromSeconds(90)));
        var secret = await host.AddAccountAsync("audrey", "auditor");
        using var auditor = new FormClient(host.BaseAddress);
        await FormPostTests.SignInAsync(auditor, "audrey", secret);

        // The auditor reads the doors, the sync state and the events...
        await auditor.GetAsync("/doors");
        Assert.Equal(HttpStatusCode.OK, auditor.LastStatus);
        Assert.Contains("out of sync", auditor.LastPage);
        await auditor.GetAsync($"/doors/{door}");
        Assert.Equal(HttpStatusCode.OK, auditor.LastStatus);
        Assert.Contains("out of sync", auditor.LastPage);
        Assert.Contains("data-action=\"door.sync\"", auditor.LastPage);

        // ...sees no form...
        foreach (var form in new[] { "add-controller", "door-config", "rotate-key", "remove-" + controller })
        {
            Assert.DoesNotContain($"name=\"_handler\" value=\"{form}\"", auditor.LastPage);
        }

        // ...and posts are refused on the server, with a valid anti-forgery token.
        var posts = new (string Form, (string, string)[] Fields)[]
        {
            ("door-config", [("Config.OfflineMode", "true"), ("Config.CodeLength", "12")]),
            ("add-controller", [("NewController.Name", "sneaky")]),
            ("remove-" + controller, []),
            ("rotate-key", []),
        };
        foreach (var (form, fields) in posts)
        {
            await auditor.GetAsync($"/doors/{door}");
            await auditor.PostRawAsync($"/doors/{door}", form, fields);
            Assert.True(auditor.LastStatus is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{form} answered {auditor.LastStatus}");
        }

        var store = host.Services.GetRequiredService<ILatchStore>();
        var resource = (await store.ListResourcesAsync(10, default)).Single();
        var config = await store.FindDoorAsync(resource.Pk, default);
        Assert.True(config is null || (!config.OfflineMode && config.CodeLength == 9), "the configuration changed"); // still the defaults
        Assert.Null(await store.FindDoorSecretAsync(resource.Pk, default)); // never rotated
        Assert.Single(await store.ListControllersAsync(resource.Pk, default)); // none added, none removed
        Assert.Equal("outOfSync", await api.ReportAsync(door, key, TimeSpan.FromSeconds(90))); // its key still works
        await foreach (var entry in store.ReadAllAuditAsync(default))
        {
            Assert.False(entry.Actor.StartsWith("console:", StringComparison.Ordinal) && entry.Action.StartsWith("door.", StringComparison.Ordinal), entry.Action);
            Assert.False(entry.Actor.StartsWith("console:", StringComparison.Ordinal) && entry.Action.StartsWith("controller.", StringComparison.Ordinal), entry.Action);
        }
    }

    [Fact]
    public async Task Pages_need_a_console_sign_in_and_carry_security_headers_while_the_API_is_unchanged()
    {
        await using var host = await UiHost.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var page = await http.GetAsync("/policies");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/sign-in", page.Headers.Location!.PathAndQuery);

        using var signIn = await http.GetAsync("/sign-in");
        Assert.Equal("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
            signIn.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", signIn.Headers.GetValues("Referrer-Policy").Single());
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("latch.af=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("httponly", cookie);

        // A post without the anti-forgery token is refused.
        using var forged = await http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Password.UserName"] = "x",
            ["Password.Password"] = "y",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // The API still answers with problem+json and bearer keys, and carries no UI headers.
        using var api = await http.GetAsync("/v1/policies");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/v1/policies");
        keyed.Headers.Authorization = new("Bearer", UiHost.AdminKey);
        using var ok = await http.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task The_demo_prints_a_console_admin_that_can_sign_in()
    {
        var data = Path.Combine(Path.GetTempPath(), "latch-browser-tests", Guid.NewGuid().ToString("n"));
        using var console = new StringWriter();
        await using var app = await Latch.Server.Hosting.LatchServer.BuildAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["Latch:Data"] = data,
            ["Latch:Demo"] = "true",
            [Latch.Server.Hosting.Bootstrap.EnvironmentVariable] = UiHost.AdminKey,
        }, console: console);
        await app.StartAsync();
        var printed = console.ToString();
        var password = System.Text.RegularExpressions.Regex.Match(printed, "password '([^']+)'").Groups[1].Value;
        var key = System.Text.RegularExpressions.Regex.Match(printed, @"oathtool --totp -b ([A-Z2-7]+)").Groups[1].Value;
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();

        using var client = new FormClient(new Uri(address));
        await client.GetAsync("/sign-in");
        await client.PostAsync("sign-in", ("Password.UserName", "admin"), ("Password.Password", password));
        await client.PostAsync("sign-in-code", ("Code.Code", Authenticator.CodeNow(Latch.Core.Otp.TotpSecret.FromBase32(key))));
        Assert.Contains("admin (admin)", client.LastPage);
        await app.StopAsync();
    }
}
