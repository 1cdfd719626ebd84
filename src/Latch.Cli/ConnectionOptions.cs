using System.CommandLine;

namespace Latch.Cli;

/// <summary>Where the admin commands send their calls, and with which API key.</summary>
internal sealed class ConnectionOptions
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = "Latch server URL (default: $LATCH_URL or http://localhost:5000)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LATCH_URL") ?? "http://localhost:5000",
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "API key (default: $LATCH_API_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LATCH_API_KEY"),
    };

    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(Key);
    }

    public ApiClient Client(ParseResult result) => new(new Uri(result.GetValue(Server)!), result.GetValue(Key));
}
