using Spectre.Console;

namespace Latch.Cli;

/// <summary>A Spectre console writing plain text (no colours or cursor codes) to a command's output.</summary>
internal static class CliConsole
{
    public static IAnsiConsole For(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });

        // Redirected output has no width to detect; Spectre would assume 80 columns and wrap the reasons.
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
