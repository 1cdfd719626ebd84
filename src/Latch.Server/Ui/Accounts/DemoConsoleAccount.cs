using System.Security.Cryptography;
using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Ui.Accounts;

/// <summary>
/// <c>serve --demo</c>: a console admin for the quick start, created once on a store without console accounts. Its
/// password and authenticator key are printed once to standard output (never to the log), like the first API key.
/// </summary>
internal static class DemoConsoleAccount
{
    public static async Task SeedAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        var store = services.GetRequiredService<ILatchStore>();
        if ((await store.ListConsoleAccountsAsync(ct)).Count > 0)
        {
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
        var created = await services.GetRequiredService<ConsoleAccountService>().CreateAsync("admin", password, "admin", "system", ct);
        if (created.Value is not { } account)
        {
            return;
        }

        await console.WriteLineAsync($"""

            Web console demo admin (shown once): open /sign-in, user 'admin', password '{password}'.
            Add this key to an authenticator app (TOTP, SHA-1, 6 digits, 30 s): {account.Secret}
                or: oathtool --totp -b {account.Secret}

            """);
        await console.FlushAsync(ct);
    }
}
