using System.CommandLine;
using Latch.Server.Keys;

namespace Latch.Cli.Commands;

/// <summary><c>latch keys rotate</c>: adds a new code-tag key to the data folder's ring (restart the server to use it).</summary>
internal static class KeyCommands
{
    public static Command Create(TextWriter output)
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default: $LATCH_DATA or ./latch-data)" };
        var rotate = new Command("rotate", "Add a new code key; codes issued under older keys keep verifying") { data };
        rotate.SetAction(async result =>
        {
            var folder = result.GetValue(data) ?? Environment.GetEnvironmentVariable("LATCH_DATA") ?? "latch-data";
            var id = KeyRingFile.Rotate(Path.GetFullPath(folder), TimeProvider.System);
            await output.WriteLineAsync($"code key {id} added to {KeyRingFile.PathIn(Path.GetFullPath(folder))}; restart Latch to issue with it");
            return 0;
        });
        return new Command("keys", "Manage the code-tag key ring") { rotate };
    }
}
