using Latch.Server.Grants;
using Latch.Server.Keys;

namespace Latch.Cli.Tests;

/// <summary><c>latch keys rotate</c> on a data folder, for either key ring.</summary>
public sealed class KeyCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "latch-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Rotate_adds_a_code_key_by_default_and_a_grant_key_with_ring_grants()
    {
        var (codeExit, codeOutput) = await RunAsync("keys", "rotate", "--data", _data);
        var (grantExit, grantOutput) = await RunAsync("keys", "rotate", "--data", _data, "--ring", "grants");

        Assert.Equal(0, codeExit);
        Assert.Contains("code key 1", codeOutput, StringComparison.Ordinal);
        Assert.Equal(0, grantExit);
        Assert.Contains(GrantKeyRingFile.PathIn(_data), grantOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(KeyRingFile.PathIn(_data)));
        Assert.True(File.Exists(GrantKeyRingFile.PathIn(_data)));
    }

    [Fact]
    public async Task An_unknown_ring_is_refused()
    {
        var (exit, _) = await RunAsync("keys", "rotate", "--data", _data, "--ring", "doors");

        Assert.NotEqual(0, exit);
        Assert.False(Directory.Exists(_data));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LatchCli.RunAsync(args, output, error);
        return (exit, output.ToString());
    }
}
