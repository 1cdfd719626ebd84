using System.Text.RegularExpressions;
using Latch.Core.Otp;
using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latch.Browser.Tests;

/// <summary>The scenario in a real Chromium: the admin console and the self-service portal, end to end.</summary>
public sealed partial class BrowserScenarioTests
{
    [Fact]
    public async Task An_admin_sets_up_a_policy_and_an_end_user_opens_the_resource_with_a_code_from_the_outbox()
    {
        await using var host = await UiHost.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var admin = await chromium.OpenAsync(host.BaseAddress, "admin");
        var store = host.Services.GetRequiredService<ILatchStore>();

        // 1. The first admin: bootstrap admin key, user name and password, then the authenticator's first code.
        await GoAsync(admin, "/");
        Assert.EndsWith("/sign-in?ReturnUrl=%2F", admin.Url);
        await Screenshots.TakeAsync(admin, "sign-in");
        await GoAsync(admin, "/setup");
        await admin.FillAsync("input[name='Create.ApiKey']", UiHost.AdminKey);
        await admin.FillAsync("input[name='Create.UserName']", "ada");
        await admin.FillAsync("input[name='Create.Password']", UiHost.Password);
        await SubmitAsync(admin, "setup");
        var secret = TotpSecret.FromBase32(await admin.InnerTextAsync("code.secret"));
        await admin.FillAsync("input[name='Activate.Code']", Authenticator.CodeNow(secret));
        await SubmitAsync(admin, "setup-activate");
        await Expect(admin, "h1", "Insights");
        Assert.Contains("ada (admin)", await admin.InnerTextAsync("form.who"));

        // 2. A trusted named location, the app and an end user.
        await GoAsync(admin, "/directory");
        await admin.FillAsync("input[name='LocationForm.Name']", "Office");
        await admin.FillAsync("input[name='LocationForm.Cidrs']", "10.0.0.0/8");
        await admin.CheckAsync("input[name='LocationForm.Trusted']");
        await SubmitAsync(admin, "add-location");
        await Expect(admin, "#locations", "Office");
        await admin.FillAsync("input[name='ResourceForm.Name']", "Payroll app");
        await SubmitAsync(admin, "add-resource");
        await admin.FillAsync("input[name='UserForm.UserName']", "alex");
        await SubmitAsync(admin, "add-user");
        await Expect(admin, "#users", "alex");
        await Screenshots.TakeAsync(admin, "directory");
        var app = (await store.ListResourcesAsync(10, default)).Single(r => r.Name == "Payroll app");
        var alex = (await store.ListUsersAsync(10, default)).Single(u => u.UserName == "alex");

        // 3. A policy: a code for the app from anywhere but the trusted office.
        await GoAsync(admin, "/policies/new");
        await admin.FillAsync("input[name='Form.Name']", "Code for payroll outside the office");
        await admin.SelectOptionAsync("select[name='Form.State']", "enabled");
        await admin.FillAsync("input[name='Form.ResourcesInclude']", app.Id);
        await admin.FillAsync("input[name='Form.LocationsInclude']", "any");
        await admin.FillAsync("input[name='Form.LocationsExclude']", "trusted");
        await admin.CheckAsync("input[name='Form.RequireCode']");
        await SubmitAsync(admin, "policy");
        await Expect(admin, ".alert.ok", "Saved.");
        await Screenshots.TakeAsync(admin, "policy-edit");
        await GoAsync(admin, "/policies");
        await Expect(admin, "table", "Code for payroll outside the office");
        await Screenshots.TakeAsync(admin, "policies");

        // 4. What-If: outside the office the policy applies and asks for a code; inside it does not apply.
        await GoAsync(admin, "/what-if");
        await admin.SelectOptionAsync("select[name='Form.UserId']", alex.Id);
        await admin.SelectOptionAsync("select[name='Form.ResourceId']", app.Id);
        await admin.FillAsync("input[name='Form.Ip']", "203.0.113.7");
        await SubmitAsync(admin, "what-if");
        await Expect(admin, "#decision", "challenge");
        var row = admin.Locator("tr[data-policy='Code for payroll outside the office']");
        Assert.Contains("applied", await row.Locator("td").Nth(2).InnerTextAsync());
        Assert.DoesNotContain("not applied", await row.Locator("td").Nth(2).InnerTextAsync());
        Assert.Contains("grant: requireCode", await row.InnerTextAsync());
        await Screenshots.TakeAsync(admin, "what-if");
        await admin.FillAsync("input[name='Form.Ip']", "10.1.2.3");
        await SubmitAsync(admin, "what-if");
        await Expect(admin, "#decision", "allow");
        Assert.Contains("not applied", await admin.Locator("tr[data-policy='Code for payroll outside the office'] td").Nth(2).InnerTextAsync());

        // 5. The end user signs in to the portal with a code from the outbox, asks for the app, and answers the challenge.
        var user = await chromium.OpenAsync(host.BaseAddress, "alex");
        await GoAsync(user, "/my");
        Assert.Contains("/my/sign-in", user.Url);
        await user.FillAsync("input[name='Name.UserName']", "alex");
        await SubmitAsync(user, "my-sign-in");
        await user.FillAsync("input[name='Code.Code']", await OutboxCodeAsync(admin, 1));
        await SubmitAsync(user, "my-sign-in-code");
        await Expect(user, "h1", "My access");
        await user.SelectOptionAsync("select[name='Request.ResourceId']", app.Id);
        await SubmitAsync(user, "request");
        await Expect(user, "#challenge", "A code is needed");
        await SubmitAsync(user, "send-outbox");
        await Expect(user, ".alert.ok", "on its way by outbox");
        await user.FillAsync("input[name='Answer.Code']", await OutboxCodeAsync(admin, 2));
        await SubmitAsync(user, "answer");
        await Expect(user, "#granted", "Access granted");
        await Screenshots.TakeAsync(user, "my");
        await GoAsync(admin, "/outbox");
        await Screenshots.TakeAsync(admin, "outbox");

        // 6. The admin finds that sign-in and its Conditional Access tab.
        await GoAsync(admin, "/sign-ins");
        await Screenshots.TakeAsync(admin, "sign-ins");
        await NavigateByAsync(admin, () => admin.ClickAsync("table tbody tr:first-child a"));
        await NavigateByAsync(admin, () => admin.ClickAsync("#tab-ca"));
        var ca = admin.Locator("section[aria-label='Conditional Access']");
        Assert.Contains("satisfied", await ca.InnerTextAsync());
        var verdict = ca.Locator("tr[data-policy='Code for payroll outside the office']");
        Assert.Contains("applied", await verdict.InnerTextAsync());
        Assert.Contains("location included (any location)", await verdict.InnerTextAsync());
        await Screenshots.TakeAsync(admin, "sign-in-conditional-access");

        // 7. Issue a code (shown once), then revoke it.
        await GoAsync(admin, "/codes");
        await admin.SelectOptionAsync("select[name='Form.UserId']", alex.Id);
        await admin.SelectOptionAsync("select[name='Form.ResourceId']", app.Id);
        await SubmitAsync(admin, "issue");
        Assert.Matches("^[0-9]{6}$", await admin.InnerTextAsync("#issued-code"));
        var codeId = Regex.Match(await admin.InnerTextAsync("#issued"), "cod_[a-z0-9]+").Value;
        await Screenshots.TakeAsync(admin, "codes");
        await SubmitAsync(admin, "revoke-" + codeId);
        await Expect(admin, ".alert.ok", $"Code {codeId} revoked");
        await GoAsync(admin, "/codes?status=revoked");
        await Expect(admin, "#codes", codeId);

        // 8. The audit log's chain verifies; the dashboard counts what happened.
        await GoAsync(admin, "/audit");
        await NavigateByAsync(admin, () => admin.ClickAsync("#verify"));
        await Expect(admin, "#verification", "The hash chain is valid");
        await Screenshots.TakeAsync(admin, "audit");
        await GoAsync(admin, "/");
        Assert.Equal("1", await admin.InnerTextAsync("#count-challenge"));
        await Screenshots.TakeAsync(admin, "insights");
        await GoAsync(admin, "/accounts");
        await Screenshots.TakeAsync(admin, "accounts");

        Assert.Empty(chromium.Errors);
    }

    /// <summary>Submits the form named <paramref name="form"/> (its <c>_handler</c> field) and waits for the answer page.</summary>
    internal static async Task SubmitAsync(IPage page, string form)
    {
        var response = await NavigateByAsync(page, () => page.ClickAsync($"form:has(input[name='_handler'][value='{form}']) button[type=submit]"));
        Assert.True(response.Ok, $"posting '{form}' answered {response.Status}");
    }

    /// <summary>Runs an action that navigates and waits for the final document (after any redirect) to load.</summary>
    internal static async Task<IResponse> NavigateByAsync(IPage page, Func<Task> action)
    {
        var response = await page.RunAndWaitForResponseAsync(action,
            r => r.Request.IsNavigationRequest && r.Request.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Playwright's client has missed the "load" event of a document that did load (once in a full run: only
            // "networkidle" arrived while it waited). The document itself says whether it loaded.
            if (await page.EvaluateAsync<string>("document.readyState") != "complete")
            {
                throw;
            }
        }

        return response;
    }

    internal static async Task GoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
    }

    internal static async Task Expect(IPage page, string selector, string text)
    {
        var element = page.Locator(selector).First;
        await element.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var content = await element.InnerTextAsync();
        var alerts = string.Join(" | ", await page.Locator(".alert").AllInnerTextsAsync());
        Assert.True(content.Contains(text, StringComparison.Ordinal), $"'{selector}' on {page.Url} says '{content}', not '{text}'; alerts: {alerts}");
    }

    /// <summary>Reloads the outbox page until it holds <paramref name="count"/> messages; the newest code.</summary>
    private static async Task<string> OutboxCodeAsync(IPage admin, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await GoAsync(admin, "/outbox");
            var codes = admin.Locator(".outbox-code");
            if (await codes.CountAsync() >= count)
            {
                return await codes.First.InnerTextAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, "The outbox message did not arrive.");
            await Task.Delay(100);
        }
    }
}
