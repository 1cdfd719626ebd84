using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Latch.Browser.Tests.BrowserScenarioTests;

namespace Latch.Browser.Tests;

/// <summary>The Doors pages in a real Chromium: a controller registered on the page reports a clock 90 s fast and shows as out of sync.</summary>
public sealed class DoorsBrowserTests
{
    [Fact]
    public async Task An_operator_registers_a_controller_and_sees_it_out_of_sync_after_it_reports_a_clock_90_seconds_fast()
    {
        await using var host = await UiHost.StartAsync();
        using var api = new DoorApi(host);
        var door = await api.CreateDoorAsync("Front door");
        var secret = await host.AddAccountAsync("otto", "operator");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(host.BaseAddress, "operator");

        await GoAsync(page, "/sign-in");
        await page.FillAsync("input[name='Password.UserName']", "otto");
        await page.FillAsync("input[name='Password.Password']", UiHost.Password);
        await SubmitAsync(page, "sign-in");
        await page.FillAsync("input[name='Code.Code']", Authenticator.CodeNow(secret));
        await SubmitAsync(page, "sign-in-code");
        await Expect(page, "h1", "Insights");

        // Register the keypad on the door's page; its device key is shown once.
        await NavigateByAsync(page, () => page.ClickAsync("nav.main a[href='/doors']"));
        await NavigateByAsync(page, () => page.ClickAsync($"a[href='/doors/{door}']"));
        await Expect(page, "h1", "Front door");
        await page.FillAsync("input[name='NewController.Name']", "front-keypad");
        await page.FillAsync("input[name='NewController.Firmware']", "2.0.0");
        await SubmitAsync(page, "add-controller");
        var key = await page.InnerTextAsync("#controller-key");
        var controller = (await host.Services.GetRequiredService<ILatchStore>().ListControllersAsync(
            (await host.Services.GetRequiredService<ILatchStore>().ListResourcesAsync(10, default)).Single().Pk, default)).Single().Id;
        await Expect(page, $"tr[data-controller='{controller}']", "never reported");

        // The controller reports a clock 90 s fast, and a keypad lockout; a second controller reports on time.
        Assert.Equal("outOfSync", await api.ReportAsync(door, key, TimeSpan.FromSeconds(90)));
        await api.UploadLockoutAsync(door, key);
        var (_, backKey) = await api.AddControllerAsync(door, "back-keypad");
        Assert.Equal("inSync", await api.ReportAsync(door, backKey, TimeSpan.Zero));

        await GoAsync(page, "/doors");
        await Expect(page, $"li[data-controller='{controller}']", "out of sync");
        await Expect(page, $"li[data-controller='{controller}']", "s fast");
        await Screenshots.TakeAsync(page, "doors");
        await GoAsync(page, $"/doors/{door}");
        await Expect(page, $"tr[data-controller='{controller}']", "out of sync");
        await Expect(page, "#events tr.lockout", "lockout");
        Assert.DoesNotContain(key, await page.ContentAsync());
        await Screenshots.TakeAsync(page, "doors-detail");

        await GoAsync(page, "/");
        Assert.Equal("1", await page.InnerTextAsync("#doors-outOfSync"));
        Assert.Equal("0", await page.InnerTextAsync("#doors-offline"));
        Assert.Equal("1", await page.InnerTextAsync("#door-lockouts"));

        Assert.Empty(chromium.Errors);
    }
}
