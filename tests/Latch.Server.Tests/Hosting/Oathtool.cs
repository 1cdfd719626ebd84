using System.Diagnostics;
using System.Globalization;

namespace Latch.Server.Tests.Hosting;

/// <summary>Debian's <c>oathtool</c>, the reference TOTP implementation the tests judge Latch against.</summary>
public static class Oathtool
{
    public const string Path = "/usr/bin/oathtool";

    /// <summary>The code oathtool computes for a base-32 secret at an instant, e.g. algorithm "sha256" and 8 digits.</summary>
    public static string Totp(string base32Secret, DateTimeOffset at, string algorithm = "sha1", int digits = 6, int period = 30) =>
        Run("--totp=" + algorithm, "-d", digits.ToString(CultureInfo.InvariantCulture), "-s", period.ToString(CultureInfo.InvariantCulture) + "s",
            "-b", base32Secret, "--now", at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Output;

    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        Assert.True(File.Exists(Path), "oathtool is missing: scripts/test.sh installs the Debian package 'oathtool'.");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
