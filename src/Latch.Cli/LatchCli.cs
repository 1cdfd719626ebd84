using System.CommandLine;
using Latch.Cli.Commands;

namespace Latch.Cli;

/// <summary>The <c>latch</c> command: <c>serve</c>, and admin commands that call a Latch server's HTTP API.</summary>
public static class LatchCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, Console.In, output, error);

    /// <summary>Runs with <paramref name="input"/> as standard input (the door simulator's keypad reads it).</summary>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand("Latch: conditional access and single-use latch codes for apps and doors.")
        {
            ServeCommand.Create(),
            CodeCommands.Create(connection, output, error),
            UserCommands.Create(connection, output, error),
            AuditCommands.Create(connection, output, error),
            PolicyCommands.Create(connection, output, error),
            KeyCommands.Create(output),
            DoorCommands.Create(connection, input, output, error),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
