namespace Latch.Core.Policies;

/// <summary>A device's operating system, as the platform condition names it.</summary>
public enum DevicePlatform
{
    Windows,
    MacOS,
    Linux,
    iOS,
    Android,
}

public static class DevicePlatforms
{
    public static string WireName(this DevicePlatform platform) => platform switch
    {
        DevicePlatform.Windows => "windows",
        DevicePlatform.MacOS => "macos",
        DevicePlatform.Linux => "linux",
        DevicePlatform.iOS => "ios",
        DevicePlatform.Android => "android",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, null),
    };

    public static bool TryParse(string? value, out DevicePlatform platform)
    {
        (var ok, platform) = value switch
        {
            "windows" => (true, DevicePlatform.Windows),
            "macos" => (true, DevicePlatform.MacOS),
            "linux" => (true, DevicePlatform.Linux),
            "ios" => (true, DevicePlatform.iOS),
            "android" => (true, DevicePlatform.Android),
            _ => (false, default),
        };
        return ok;
    }
}
