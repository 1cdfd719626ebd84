using System.CommandLine;
using Latch.Server.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Latch.Cli.Commands;

/// <summary><c>latch serve</c>: runs the server; other ASP.NET Core options (e.g. <c>--urls</c>) pass through.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data folder: SQLite file, key ring, outbox (default: $LATCH_DATA or ./latch-data)" };
        var store = new Option<string?>("--store") { Description = "sqlite (default) or postgres (uses ConnectionStrings:Postgres)" };
        var demo = new Option<bool>("--demo") { Description = "Seed a demo user, door and app, and turn the outbox on" };
        var command = new Command("serve", "Run the Latch server") { data, store, demo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (result.GetValue(data) is { } folder)
            {
                overrides["Latch:Data"] = Path.GetFullPath(folder);
            }

            if (result.GetValue(store) is { } engine)
            {
                overrides["Latch:Store"] = engine;
            }

            if (result.GetValue(demo))
            {
                overrides["Latch:Demo"] = "true";
            }

            try
            {
                await using var app = await LatchServer.BuildAsync([.. result.UnmatchedTokens], overrides);
                await app.StartAsync(ct);
                await app.WaitForShutdownAsync(ct);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync("Latch cannot start, the configuration is invalid:\n  " + string.Join("\n  ", e.Failures));
                return 1;
            }
            catch (Latch.Storage.StoreInUseException e)
            {
                await Console.Error.WriteLineAsync($"Latch cannot start: {e.Message}");
                return 1;
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"Latch cannot start: {e.Message} Stop what listens there, or choose another address with --urls.");
                return 1;
            }
            catch (System.Data.Common.DbException e)
            {
                await Console.Error.WriteLineAsync($"Latch cannot start, its store is not usable: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
