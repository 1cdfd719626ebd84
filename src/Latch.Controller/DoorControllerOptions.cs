namespace Latch.Controller;

/// <summary>Settings of a controller that do not come from Latch.</summary>
public sealed class DoorControllerOptions
{
    /// <summary>Reported to Latch with every sync.</summary>
    public string Firmware { get; init; } = "latch-controller/1.0";

    /// <summary>Added to the clock: simulates a controller whose clock is wrong (positive = fast).</summary>
    public TimeSpan ClockOffset { get; init; } = TimeSpan.Zero;

    /// <summary>How long the latch stays released after an open (reported as <c>lockState: unlocked</c>).</summary>
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Events sent per upload call.</summary>
    public int UploadBatch { get; init; } = 100;
}
