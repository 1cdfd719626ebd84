using System.Net;
using System.Text.RegularExpressions;
using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Browser.Tests;

/// <summary>The Doors page's forms, posted by a plain HTTP client (no JavaScript) with the page's anti-forgery token.</summary>
public sealed partial class FormPostTests
{
    [Fact]
    public async Task Every_door_form_works_without_javascript_and_no_key_is_shown_twice()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("otto", "operator");
        using var api = new DoorApi(host);
        var door = await api.CreateDoorAsync("Front door");
        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "otto", secret);

        await client.GetAsync("/doors");
        Assert.Contains($"href=\"/doors/{door}\"", client.LastPage);
        Assert.Contains("offline mode off", client.LastPage);
        await client.GetAsync($"/doors/{door}");
        Assert.Contains("No controller is registered", client.LastPage);

        // Register a controller: the name is required (the API's own message); the device key is shown once.
        await client.PostAsync("add-controller", ("NewController.Name", " "));
        Assert.Contains("Fix these fields", client.LastPage);
        Assert.Contains("name:", client.LastPage);
        await client.PostAsync("add-controller", ("NewController.Name", "keypad"), ("NewController.Firmware", "1.0.0"));
        var key = KeyRegex().Match(client.LastPage).Groups[1].Value;
        Assert.StartsWith("latch_", key);
        var controller = Regex.Match(client.LastPage, @"data-controller=""(dev_[a-z0-9]+)""").Groups[1].Value;
        Assert.Contains("never reported", client.LastPage);
        await client.GetAsync($"/doors/{door}");
        Assert.DoesNotContain(key, client.LastPage);
        Assert.DoesNotContain("id=\"controller-key\"", client.LastPage);

        // Configuration: bad input gets field messages (never a 500), then a valid one is saved.
        await client.PostAsync("door-config", ("Config.CodeLength", "nine"), ("Config.SyncIntervalSeconds", "60"));
        Assert.Equal(HttpStatusCode.OK, client.LastStatus);
        Assert.Contains("codeLength must be a whole number", client.LastPage);
        await client.PostAsync("door-config", ("Config.CodeLength", "20"), ("Config.ClockToleranceSeconds", "5000"));
        Assert.Equal(HttpStatusCode.OK, client.LastStatus);
        Assert.Contains("Fix these fields", client.LastPage);
        Assert.Contains("codeLength:", client.LastPage);
        Assert.Contains("clockToleranceSeconds:", client.LastPage);
        await client.PostAsync("door-config", ("Config.OfflineMode", "true"), ("Config.CodeLength", "10"), ("Config.ClockToleranceSeconds", "60"),
            ("Config.SyncIntervalSeconds", "30"), ("Config.LockoutMaxFailures", "3"), ("Config.LockoutBaseSeconds", "10"), ("Config.LockoutMaxSeconds", "600"));
        Assert.Contains("Configuration saved.", client.LastPage);
        Assert.Contains("offline key version 1", client.LastPage);
        Assert.Contains("10 digits", client.LastPage);
        Assert.Contains("10 s, doubling to 600 s", client.LastPage);

        await client.PostAsync("rotate-key");
        Assert.Contains("Offline key rotated: version 2.", client.LastPage);

        // The controller reports 90 s fast and uploads a keypad lockout: the page shows both.
        Assert.Equal("outOfSync", await api.ReportAsync(door, key, TimeSpan.FromSeconds(90)));
        await api.UploadLockoutAsync(door, key);
        var code = await api.UserWithCodeAsync(door, "alex");
        Assert.True(await api.UnlockAsync(door, key, code));
        Assert.False(await api.UnlockAsync(door, key, code));
        await client.GetAsync($"/doors/{door}");
        Assert.Matches(@"<td>door\.open</td>\s*<td>alex</td>\s*<td>keypad</td>", client.LastPage);
        Assert.Matches(@"<td>door\.deny</td>\s*<td>alex</td>\s*<td>keypad</td>\s*<td>consumed", client.LastPage);
        Assert.Contains("out of sync", client.LastPage);
        Assert.Matches(@"clock (89|90|91) s fast", client.LastPage);
        Assert.Contains("2.1.0", client.LastPage);
        Assert.Contains("<tr class=\"lockout\" data-action=\"door.lockout\">", client.LastPage);
        Assert.Contains("5 failures", client.LastPage);
        Assert.Contains("data-action=\"door.sync\"", client.LastPage);

        // Removing the controller revokes its key.
        await client.PostAsync("remove-" + controller);
        Assert.Contains($"Controller {controller} removed", client.LastPage);
        Assert.Equal(HttpStatusCode.Unauthorized, await api.StatusOfReportAsync(door, key));
        await client.PostRawAsync($"/doors/{door}", "remove-" + controller);
        Assert.True((int)client.LastStatus < 500, $"a second removal answered {client.LastStatus}");

        // Audited as the API audits, with the console actor; neither the key nor the door secret reached the audit log or the logs.
        var audit = new List<string>();
        await foreach (var entry in host.Services.GetRequiredService<ILatchStore>().ReadAllAuditAsync(default))
        {
            audit.Add($"{entry.Actor} {entry.Action} {entry.Target} {entry.Data}");
        }

        foreach (var action in new[] { "controller.added", "door.configChanged", "door.keyRotated", "controller.removed" })
        {
            Assert.Contains(audit, a => a.StartsWith("console:", StringComparison.Ordinal) && a.Contains($" {action} ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(audit, a => a.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(key, await client.GetAsync($"/doors/{door}"));
    }

    [Fact]
    public async Task The_doors_pages_answer_an_unknown_or_wrong_door_with_a_message()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "ada", secret);
        await client.GetAsync("/directory");
        await client.PostAsync("add-resource", ("ResourceForm.Name", "Payroll"), ("ResourceForm.Kind", "app"));
        var app = (await host.Services.GetRequiredService<ILatchStore>().ListResourcesAsync(10, default)).Single();

        foreach (var path in new[] { "/doors/res_00000000000000000000", "/doors/nonsense", $"/doors/{app.Id}" })
        {
            await client.GetAsync(path);
            Assert.True((int)client.LastStatus < 500, $"GET {path} answered {client.LastStatus}");
            Assert.Contains("class=\"alert error\"", client.LastPage);
            Assert.Contains("No such door", client.LastPage);
        }

        await client.GetAsync("/doors");
        Assert.Contains("No doors yet", client.LastPage);
    }

    [GeneratedRegex(@"<code class=""secret"" id=""controller-key"">([^<]+)</code>")]
    private static partial Regex KeyRegex();
}
