using System.Security.Cryptography;
using Latch.Core.Offline;

namespace Latch.Core.Tests.Offline;

public sealed class OfflineCodesTests
{
    private const string Door = "res_door";
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(120);
    private static readonly DoorSecret Secret = new(3, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly OfflineCodeRef Reference = new(3, new OfflineWindow(WindowStart.ToUnixTimeSeconds(), 2), 4);

    [Fact]
    public void A_code_is_digits_of_the_asked_length_and_the_same_every_time()
    {
        var code = OfflineCodes.Derive(Secret, Door, Reference);

        Assert.Equal(OfflineCodes.DefaultLength, code.Length);
        Assert.True(code.All(char.IsAsciiDigit));
        Assert.Equal(code, OfflineCodes.Derive(Secret, Door, Reference));
        Assert.Equal(12, OfflineCodes.Derive(Secret, Door, Reference, 12).Length);
    }

    [Fact]
    public void Each_input_changes_the_code()
    {
        var code = OfflineCodes.Derive(Secret, Door, Reference);

        Assert.NotEqual(code, OfflineCodes.Derive(Secret, "res_other", Reference));
        Assert.NotEqual(code, OfflineCodes.Derive(Secret, Door, Reference with { Slot = 5 }));
        Assert.NotEqual(code, OfflineCodes.Derive(Secret, Door, Reference with { Window = Reference.Window with { Hours = 3 } }));
        Assert.NotEqual(code, OfflineCodes.Derive(Secret, Door, Reference with { Window = new OfflineWindow(WindowStart.AddHours(1).ToUnixTimeSeconds(), 2) }));
        var rotated = new DoorSecret(4, RandomNumberGenerator.GetBytes(32));
        Assert.NotEqual(code, OfflineCodes.Derive(rotated, Door, Reference with { KeyVersion = 4 }));
    }

    [Fact]
    public void The_controller_finds_the_code_inside_its_window_and_names_it()
    {
        var code = OfflineCodes.Derive(Secret, Door, Reference);

        Assert.Equal(Reference, OfflineCodes.Find(Secret, Door, code, WindowStart, TimeSpan.Zero));
        Assert.Equal(Reference, OfflineCodes.Find(Secret, Door, code, WindowStart.AddHours(2).AddSeconds(-1), TimeSpan.Zero));
    }

    [Fact]
    public void Outside_the_window_the_code_is_refused_unless_within_the_tolerance()
    {
        var code = OfflineCodes.Derive(Secret, Door, Reference);

        Assert.Null(OfflineCodes.Find(Secret, Door, code, WindowStart.AddSeconds(-1), TimeSpan.Zero));
        Assert.Null(OfflineCodes.Find(Secret, Door, code, WindowStart.AddHours(2), TimeSpan.Zero));
        Assert.Equal(Reference, OfflineCodes.Find(Secret, Door, code, WindowStart.AddSeconds(-90), Tolerance));
        Assert.Equal(Reference, OfflineCodes.Find(Secret, Door, code, WindowStart.AddHours(2).AddSeconds(90), Tolerance));
        Assert.Null(OfflineCodes.Find(Secret, Door, code, WindowStart.AddSeconds(-121), Tolerance));
    }

    [Fact]
    public void Another_door_another_key_or_a_malformed_code_finds_nothing()
    {
        var code = OfflineCodes.Derive(Secret, Door, Reference);
        var now = WindowStart.AddMinutes(30);

        Assert.Null(OfflineCodes.Find(Secret, "res_other", code, now, Tolerance));
        Assert.Null(OfflineCodes.Find(new DoorSecret(3, RandomNumberGenerator.GetBytes(32)), Door, code, now, Tolerance));
        Assert.Null(OfflineCodes.Find(Secret, Door, code.AsSpan(0, code.Length - 1), now, Tolerance));
        Assert.Null(OfflineCodes.Find(Secret, Door, code[..^1] + "x", now, Tolerance));
    }

    [Fact]
    public void A_secret_never_shows_itself_in_text() =>
        Assert.DoesNotContain("0102", Secret.ToString(), StringComparison.Ordinal);
}
