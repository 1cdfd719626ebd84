using System.Globalization;
using Latch.Controller;

namespace Latch.Cli.Doors;

/// <summary>
/// The keypad of <c>latch door simulate</c>: reads lines (a code, <c>sync</c>, <c>status</c>, <c>quit</c>) and prints one
/// plain line per answer, so a person or a test can drive it. Syncs in the background every sync interval.
/// </summary>
internal sealed class DoorSimulator(DoorController controller, TextReader input, TextWriter output, TimeProvider time)
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);
    private bool? _wasOnline;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Print(await controller.SyncAsync(ct), always: true);
        _output.WriteLine("ready: type a code, 'sync', 'status' or 'quit'");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var background = SyncInBackgroundAsync(stop.Token);
        try
        {
            while (await input.ReadLineAsync(ct) is { } line)
            {
                var typed = line.Trim();
                if (typed.Length == 0)
                {
                    continue;
                }

                if (typed is "quit" or "exit")
                {
                    break;
                }

                switch (typed)
                {
                    case "sync":
                        Print(await controller.SyncAsync(ct), always: true);
                        break;
                    case "status":
                        PrintStatus();
                        break;
                    default:
                        if (controller.IsSyncDue)
                        {
                            Print(await controller.SyncAsync(ct), always: false);
                        }

                        _output.WriteLine(Describe(await controller.EnterCodeAsync(typed, ct)));
                        break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await background;
        }

        return 0;
    }

    public static string Describe(KeypadResult result) => result switch
    {
        KeypadResult.Opened open => $"OPEN {open.Holder ?? open.Ref?.ToString() ?? "?"}{(open.Offline ? " offline" : "")}",
        KeypadResult.Denied denied => $"DENIED {denied.Reason}{(denied.Offline ? " offline" : "")}"
            + (denied.Policy is null ? "" : $" (policy: {denied.Policy})")
            + (denied.LockedFor is { } lockedFor ? $" (keypad locked for {Math.Ceiling(lockedFor.TotalSeconds)} s)" : ""),
        _ => throw new InvalidOperationException("Unknown keypad result."),
    };

    private async Task SyncInBackgroundAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var interval = controller.Twin?.Desired.SyncInterval ?? TimeSpan.FromSeconds(60);
                await Task.Delay(interval, time, ct);
                if (controller.IsSyncDue)
                {
                    Print(await controller.SyncAsync(ct), always: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // quit or end of input
        }
    }

    /// <summary>Prints a sync's outcome; background syncs only when the connection changed or events went up.</summary>
    private void Print(SyncResult result, bool always)
    {
        var changed = result.Online != _wasOnline || result.Uploaded > 0;
        _wasOnline = result.Online;
        if (!always && !changed)
        {
            return;
        }

        _output.WriteLine(result.Status switch
        {
            SyncStatus.Online => string.Create(CultureInfo.InvariantCulture, $"online skew {result.SkewSeconds:+0.0;-0.0;0.0} s, uploaded {result.Uploaded} events, {result.Pending} pending"),
            SyncStatus.Refused => $"refused by Latch ({result.Problem}): codes are denied until the credential is fixed",
            _ => $"offline: Latch unreachable ({result.Problem}); verifying offline codes here, {result.Pending} events pending",
        });
    }

    private void PrintStatus()
    {
        var twin = controller.Twin;
        var (failures, lockedUntil) = controller.Keypad;
        _output.WriteLine($"door {twin?.DoorId ?? "(never synced)"} controller {twin?.ControllerId ?? "?"}");
        _output.WriteLine($"latch {(controller.Online switch { true => "online", false => "offline", null => "unknown" })}"
            + (controller.SkewSeconds is { } skew ? string.Create(CultureInfo.InvariantCulture, $", skew {skew:+0.0;-0.0;0.0} s") : ""));
        _output.WriteLine(twin is { CanVerifyOffline: true }
            ? $"offline mode on: key version {twin.Secret!.Version}, {twin.Desired.CodeLength} digits, tolerance {twin.Desired.ClockToleranceSeconds} s, {twin.Revocations.Count} revoked"
            : twin is null ? "offline mode off (no twin yet)" : "offline mode off");
        _output.WriteLine($"keypad {failures} failures" + (lockedUntil is { } until ? $", locked until {until:O}" : ", not locked"));
        _output.WriteLine($"events {controller.PendingEvents.Count} pending, uploaded through {controller.UploadedThrough}");
        _output.WriteLine($"clock {controller.Now:O}");
    }
}
