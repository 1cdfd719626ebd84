using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latch.Server.Hosting;

/// <summary>
/// First start on an empty store: the first admin key comes from <c>LATCH_BOOTSTRAP_ADMIN_KEY</c>, or is generated
/// and printed once to standard output (never to the log).
/// </summary>
internal static class Bootstrap
{
    public const string EnvironmentVariable = "LATCH_BOOTSTRAP_ADMIN_KEY";

    public static async Task EnsureAdminKeyAsync(ILatchStore store, string? configuredKey, TextWriter console, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        if (await store.CountActiveApiKeysAsync(ct) > 0)
        {
            return;
        }

        var fromEnvironment = !string.IsNullOrEmpty(configuredKey);
        var secret = fromEnvironment
            ? ApiKeySecret.FromString(configuredKey)
                ?? throw new OptionsValidationException(EnvironmentVariable, typeof(LatchOptions),
                    [$"{EnvironmentVariable} must start with 'latch_' and be 16 to 200 characters long."])
            : ApiKeySecret.Generate();
        var record = new ApiKeyRecord { Id = PublicId.New(PublicId.ApiKey), Name = "bootstrap admin", Role = Role.Admin.WireName(), CreatedAt = clock.GetUtcNow().ToUnixMs() };
        await store.AddApiKeyAsync(record, secret.Hash(), new AuditDraft("system", AuditActions.ApiKeyCreated, record.Id,
            AuditData.Of(("name", record.Name), ("role", record.Role), ("source", fromEnvironment ? "environment" : "generated"))), ct);

        if (fromEnvironment)
        {
            logger.BootstrapKeyFromEnvironment(record.Id);
            return;
        }

        logger.BootstrapKeyGenerated(record.Id);
        await console.WriteLineAsync($"""

            Latch admin API key (shown once, store it now):

                {secret.Reveal()}

            """);
        await console.FlushAsync(ct);
    }
}
