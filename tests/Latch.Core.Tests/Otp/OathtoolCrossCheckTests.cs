using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Latch.Core.Otp;

namespace Latch.Core.Tests.Otp;

/// <summary>Latch's generator and Debian's oathtool agree both ways: oathtool checks Latch's codes, Latch checks oathtool's.</summary>
public sealed class OathtoolCrossCheckTests
{
    private const string OathtoolPath = "/usr/bin/oathtool";

    [Theory]
    [InlineData(OtpAlgorithm.Sha1, "sha1", 6)]
    [InlineData(OtpAlgorithm.Sha1, "sha1", 8)]
    [InlineData(OtpAlgorithm.Sha256, "sha256", 6)]
    [InlineData(OtpAlgorithm.Sha256, "sha256", 8)]
    [InlineData(OtpAlgorithm.Sha512, "sha512", 7)]
    [InlineData(OtpAlgorithm.Sha512, "sha512", 8)]
    public void Codes_latch_generates_verify_with_oathtool_and_the_reverse(OtpAlgorithm algorithm, string oathName, int digits)
    {
        var settings = new TotpSettings(algorithm, digits);
        for (var i = 0; i < 4; i++)
        {
            var secret = TotpSecret.Generate(algorithm, RandomNumberGenerator.Create());
            var at = DateTimeOffset.FromUnixTimeSeconds(RandomNumberGenerator.GetInt32(0, int.MaxValue));
            var now = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            var common = new[] { "--totp=" + oathName, "-d", digits.ToString(CultureInfo.InvariantCulture), "-b", secret.RevealBase32(), "--now", now };

            // Latch generates, oathtool validates (window 0: exactly this step; exit code 0 on a match).
            var ours = Totp.Compute(secret, at.ToUnixTimeSeconds(), settings);
            var (exit, _) = Oathtool([.. common, "-w", "0", ours]);
            Assert.Equal(0, exit);

            // oathtool generates, Latch validates.
            var (_, theirs) = Oathtool(common);
            Assert.Equal(new TotpCheck.Accepted(at.ToUnixTimeSeconds() / 30), Totp.Validate(secret, theirs, at.ToUnixTimeSeconds(), -1, settings));
        }
    }

    [Fact]
    public void Oathtool_computes_the_RFC_4226_hotp_values_latch_computes()
    {
        var secret = new TotpSecret("12345678901234567890"u8);
        for (var counter = 0; counter < 10; counter++)
        {
            var (_, theirs) = Oathtool(["--hotp", "-b", secret.RevealBase32(), "-c", counter.ToString(CultureInfo.InvariantCulture)]);
            Assert.Equal(theirs, Hotp.Compute(secret, counter, 6));
        }
    }

    private static (int ExitCode, string Output) Oathtool(string[] arguments)
    {
        Assert.True(File.Exists(OathtoolPath), "oathtool is missing: scripts/test.sh installs the Debian package 'oathtool'.");
        var start = new ProcessStartInfo(OathtoolPath) { RedirectStandardOutput = true, RedirectStandardError = true };
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
