using Latch.Controller.Events;
using Latch.Controller.State;
using Latch.Controller.Transport;
using Latch.Controller.Twin;

namespace Latch.Controller.Tests;

/// <summary>The HTTP transport: the contract's paths and shapes, and "unreachable" told apart from a real answer.</summary>
public sealed class HttpDoorTransportTests : IDisposable
{
    private const string Door = "/v1/doors/" + TestDoor.DoorId;
    private readonly ContractStub _latch = new();

    [Fact]
    public async Task A_closed_port_is_unreachable_and_the_controller_opens_offline()
    {
        using var door = new TestDoor();
        var closed = new ControllerCredential(new Uri($"http://127.0.0.1:{ContractStub.FreePort()}"), TestDoor.DoorId, DeviceKey: "lk_device");
        using var transport = new HttpDoorTransport(closed);
        using var controller = door.Controller(transport);

        var sync = await controller.SyncAsync();
        var result = await controller.EnterCodeAsync(door.Code());

        Assert.Equal(SyncStatus.Unreachable, sync.Status);
        Assert.True(Assert.IsType<KeypadResult.Opened>(result).Offline);
    }

    [Fact]
    public async Task A_5xx_is_unreachable_but_a_deny_and_a_refusal_are_answers()
    {
        using var transport = Transport();
        _latch.Answers["POST " + Door + "/unlock"] = (503, "{}");
        var down = await transport.UnlockAsync("123456789");
        _latch.Answers["POST " + Door + "/unlock"] = (403, """{"open":false,"reason":"policy","policy":"Weekdays only"}""");
        var denied = await transport.UnlockAsync("123456789");
        _latch.Answers["POST " + Door + "/unlock"] = (403, """{"status":403,"code":"latch.door.notYourDoor"}""");
        var notYours = await transport.UnlockAsync("123456789");
        _latch.Answers["POST " + Door + "/unlock"] = (401, """{"status":401,"code":"latch.auth.unauthorized"}""");
        var unknown = await transport.UnlockAsync("123456789");
        _latch.Answers["POST " + Door + "/unlock"] = (429, "");
        var limited = await transport.UnlockAsync("123456789");

        Assert.IsType<Reply<UnlockAnswer>.Unreachable>(down);
        Assert.Equal(new UnlockAnswer(false, Reason: "policy", Policy: "Weekdays only"), Assert.IsType<Reply<UnlockAnswer>.Answered>(denied).Value);
        Assert.Equal("latch.door.notYourDoor", Assert.IsType<Reply<UnlockAnswer>.Refused>(notYours).Code);
        Assert.Equal(401, Assert.IsType<Reply<UnlockAnswer>.Refused>(unknown).Status);
        Assert.Equal("throttled", Assert.IsType<Reply<UnlockAnswer>.Answered>(limited).Value.Reason);
        Assert.All(_latch.Received, r => Assert.Equal("Bearer lk_device", r.Authorization));
        Assert.Equal("123456789", _latch.Received[0].Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_controller_Latch_refuses_denies_codes_without_falling_back_to_offline()
    {
        using var door = new TestDoor();
        _latch.Answers["POST " + Door + "/unlock"] = (403, """{"status":403,"code":"latch.door.notYourDoor"}""");
        using var transport = Transport();
        using var controller = door.Controller(transport);

        var result = await controller.EnterCodeAsync(door.Code());

        var denied = Assert.IsType<KeypadResult.Denied>(result);
        Assert.Equal(DenyReasons.Refused, denied.Reason);
        Assert.False(denied.Offline);
        Assert.Empty(controller.PendingEvents);
        Assert.Equal(0, controller.Keypad.Failures);
    }

    [Fact]
    public async Task A_sync_reads_the_contracts_twin_reports_and_uploads_events()
    {
        using var door = new TestDoor();
        _latch.Answers["GET " + Door + "/twin"] = (200, $$$"""
            {"doorId":"{{{TestDoor.DoorId}}}","controllerId":"dev_1","serverTime":"2026-11-23T10:20:00Z",
             "desired":{"offlineMode":true,"codeLength":10,"clockToleranceSeconds":60,"syncIntervalSeconds":30,
                        "lockout":{"maxFailures":3,"baseSeconds":10,"maxSeconds":600}},
             "offline":{"keyVersion":4,"secret":"{{{Convert.ToBase64String(new byte[32])}}}"},
             "revocations":[{"keyVersion":4,"windowStart":"2026-11-23T10:00:00Z","windowHours":3,"slot":2}]}
            """);
        _latch.Answers["PUT " + Door + "/twin/reported"] = (200, """{"skewSeconds":-2.5,"status":"inSync"}""");
        _latch.Answers["POST " + Door + "/events"] = (200, """{"acceptedThrough":1}""");
        door.State.Journal.Append(TestDoor.Start, DoorEvent.OfflineOpen, TestDoor.Ref(slot: 1));
        using var transport = Transport();
        using var controller = door.Controller(transport);

        var result = await controller.SyncAsync();

        Assert.True(result.Online);
        Assert.Equal(-2.5, result.SkewSeconds);
        Assert.Equal(1, result.Uploaded);
        var twin = controller.Twin!;
        Assert.Equal((10, 60, 30, 3, 4), (twin.Desired.CodeLength, twin.Desired.ClockToleranceSeconds, twin.Desired.SyncIntervalSeconds, twin.Desired.Lockout.MaxFailures, twin.Secret!.Version));
        Assert.Equal(new Latch.Core.Offline.OfflineCodeRef(4, TestDoor.Window, 2), Assert.Single(twin.Revocations));

        var report = _latch.Received.Single(r => r.Route.StartsWith("PUT", StringComparison.Ordinal)).Body!;
        Assert.Equal("2026-11-23T10:20:00Z", report["clock"]!.GetValue<string>());
        Assert.Equal("locked", report["lockState"]!.GetValue<string>());
        Assert.Equal(4, report["keyVersion"]!.GetValue<int>());
        Assert.False(report.AsObject().ContainsKey("lastSyncAt")); // the first sync has no previous one
        var uploaded = _latch.Received.Single(r => r.Route.EndsWith("/events", StringComparison.Ordinal)).Body!["events"]![0]!;
        Assert.Equal(1, uploaded["seq"]!.GetValue<long>());
        Assert.Equal("offlineOpen", uploaded["kind"]!.GetValue<string>());
        Assert.Equal("2026-11-23T10:00:00Z", uploaded["ref"]!["windowStart"]!.GetValue<string>());
        Assert.Equal(1, uploaded["ref"]!["slot"]!.GetValue<int>());
    }

    public void Dispose() => _latch.Dispose();

    private HttpDoorTransport Transport() => new(new ControllerCredential(_latch.BaseAddress, TestDoor.DoorId, "dev_1", "lk_device"));
}
