using System.CommandLine;

namespace Latch.Cli.Commands;

/// <summary><c>latch audit verify</c>: exit code 0 when the chain holds, 2 when an entry was altered.</summary>
internal static class AuditCommands
{
    public static Command Create(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var command = new Command("audit", "Read and check the audit log");
        connection.AddTo(command);
        var verify = new Command("verify", "Recompute the audit hash chain");
        verify.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Get, "/v1/audit/verify", null, ct);
            if (status != 200)
            {
                return CliOutput.Problem(error, status, answer);
            }

            if (answer?["valid"]?.GetValue<bool>() == true)
            {
                await output.WriteLineAsync("audit chain valid: " + answer["entries"] + " entries");
                return CliOutput.Ok;
            }

            await output.WriteLineAsync("audit chain BROKEN at entry " + answer?["firstBadEntry"] + " (" + answer?["entries"] + " entries read)");
            return CliOutput.Denied;
        }));
        command.Add(verify);
        return command;
    }
}
