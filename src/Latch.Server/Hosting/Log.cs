using Microsoft.Extensions.Logging;

namespace Latch.Server.Hosting;

/// <summary>Latch's log events. None carries a code, key or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Latch store ready: {Store} ({Location})")]
    public static partial void StoreReady(this ILogger logger, string store, string location);

    [LoggerMessage(2, LogLevel.Warning, "Created the first admin API key {KeyId}; the key was printed once to standard output")]
    public static partial void BootstrapKeyGenerated(this ILogger logger, string keyId);

    [LoggerMessage(3, LogLevel.Information, "Created the first admin API key {KeyId} from LATCH_BOOTSTRAP_ADMIN_KEY")]
    public static partial void BootstrapKeyFromEnvironment(this ILogger logger, string keyId);

    // Warning, not information: repeated failures at one target are how guessing shows up.
    [LoggerMessage(4, LogLevel.Warning, "Verification throttle engaged for {Target} after {Failures} consecutive failures; blocked for {Seconds} s")]
    public static partial void ThrottleEngaged(this ILogger logger, string target, int failures, double seconds);

    [LoggerMessage(5, LogLevel.Information, "Demo data ready: user {UserId}, door {DoorId}, app {AppId}")]
    public static partial void DemoSeeded(this ILogger logger, string userId, string doorId, string appId);

    [LoggerMessage(6, LogLevel.Error, "Outbox delivery of code {CodeId} failed; the code was revoked")]
    public static partial void OutboxFailed(this ILogger logger, Exception exception, string codeId);
}
