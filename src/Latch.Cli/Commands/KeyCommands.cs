using System.CommandLine;
using Latch.Server.Grants;
using Latch.Server.Keys;

namespace Latch.Cli.Commands;

/// <summary>
/// <c>latch keys rotate [--ring code|grants]</c>: adds a new key to one of the data folder's key rings (restart the
/// server to use it).
/// </summary>
internal static class KeyCommands
{
    public static Command Create(TextWriter output)
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default: $LATCH_DATA or ./latch-data)" };
        var ring = new Option<string>("--ring")
        {
            Description = "Which key ring: 'code' (code tags, the default) or 'grants' (grant signing keys)",
            DefaultValueFactory = _ => "code",
        };
        ring.AcceptOnlyFromAmong("code", "grants");
        var rotate = new Command("rotate", "Add a new key; codes and grants made under older keys keep verifying") { data, ring };
        rotate.SetAction(async result =>
        {
            var folder = Path.GetFullPath(result.GetValue(data) ?? Environment.GetEnvironmentVariable("LATCH_DATA") ?? "latch-data");
            if (result.GetValue(ring) == "grants")
            {
                var kid = GrantKeyRingFile.Rotate(folder, TimeProvider.System);
                await output.WriteLineAsync($"grant key {kid} added to {GrantKeyRingFile.PathIn(folder)} (the newest {GrantKeyRingFile.Retained} are kept); restart Latch to sign with it");
                return 0;
            }

            var id = KeyRingFile.Rotate(folder, TimeProvider.System);
            await output.WriteLineAsync($"code key {id} added to {KeyRingFile.PathIn(folder)}; restart Latch to issue with it");
            return 0;
        });
        return new Command("keys", "Manage the key rings: code tags and grant signing keys") { rotate };
    }
}
