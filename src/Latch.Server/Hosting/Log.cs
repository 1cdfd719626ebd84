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

    [LoggerMessage(6, LogLevel.Information, "Delivery {DeliveryId} sent by {Method} (attempt {Attempt})")]
    public static partial void DeliverySent(this ILogger logger, string deliveryId, string method, int attempt);

    // Warning: one retry is routine, many in a row mean a channel is down.
    [LoggerMessage(7, LogLevel.Warning, "Delivery {DeliveryId} by {Method} failed (attempt {Attempt}): {Error}; next attempt at {NextAttemptAt:O}")]
    public static partial void DeliveryRetrying(this ILogger logger, string deliveryId, string method, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(8, LogLevel.Error, "Delivery {DeliveryId} by {Method} failed for good after {Attempts} attempts: {Error}")]
    public static partial void DeliveryFailed(this ILogger logger, string deliveryId, string method, int attempts, string error);

    [LoggerMessage(9, LogLevel.Warning, "Delivery {DeliveryId} ended {State} before it was sent")]
    public static partial void DeliveryEnded(this ILogger logger, string deliveryId, string state);

    [LoggerMessage(10, LogLevel.Warning, "Delivery {DeliveryId}: the lease ran out before the outcome was recorded; another attempt will follow (at least once)")]
    public static partial void DeliveryLeaseLost(this ILogger logger, string deliveryId);

    [LoggerMessage(12, LogLevel.Information, "Delivery {DeliveryId}: another node took the message before this one sent it; it sends it instead")]
    public static partial void DeliveryTakenOver(this ILogger logger, string deliveryId);

    [LoggerMessage(11, LogLevel.Error, "A delivery round failed; the dispatcher tries again at the next poll")]
    public static partial void DispatchRoundFailed(this ILogger logger, Exception exception);
}
