using Latch.Core.Audit;
using Latch.Core.Codes;
using Latch.Core.Delivery;
using Latch.Server.Audit;
using Latch.Server.Hosting;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Deliveries;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery;

/// <summary>
/// Sends queued messages (SPEC "Delivery"), at least once: each round it
/// 1. ends messages whose code expired or was revoked (erasing their sealed code),
/// 2. leases due messages for its node (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>; SQLite: through the single writer),
/// 3. opens each sealed code and hands the message to its channel, addressed as the user's details are now,
/// 4. records the outcome: sent (code erased), retry later with exponential backoff, or failed for good (code erased).
/// A node that dies mid-send leaves its lease to run out; the message is then sent again (at least once, never lost).
/// It wakes when a message is queued, and polls otherwise.
/// </summary>
internal sealed class DeliveryDispatcher(
    ILatchStore store,
    DeliveryChannels channels,
    PayloadCipher cipher,
    DeliverySignal signal,
    IOptions<DeliveryQueueOptions> options,
    TimeProvider clock,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private const string Actor = "system:delivery";
    private const int MaxParallelSends = 4;

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():n}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch suggests more is due: go again before waiting.
                while (await RunOnceAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The dispatcher outlives a failed round (the store unreachable, say): it logs and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.DispatchRoundFailed(e);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round; returns how many messages it sent or tried.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken stop)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        if (!await store.HasDeliveryWorkAsync(now, stop))
        {
            return 0;
        }

        var ended = await store.EndStaleDeliveriesAsync(now, d => FailedAudit(d, d.State, d.State == DeliveryStates.Expired
            ? "the code expired before the message was sent"
            : "the code was revoked before the message was sent"), stop);
        foreach (var delivery in ended)
        {
            logger.DeliveryEnded(delivery.Id, delivery.State);
        }

        var methods = channels.Methods;
        if (methods.Count == 0)
        {
            return 0;
        }

        var claimed = await store.ClaimDeliveriesAsync(_owner, now, now + options.Value.LeaseSeconds * 1000L, methods, options.Value.BatchSize, stop);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = CancellationToken.None },
            async (delivery, _) => await SendAsync(delivery, stop));
        return claimed.Count;
    }

    private async Task SendAsync(DeliveryRecord delivery, CancellationToken stop)
    {
        var code = delivery is { Payload: { } payload, Nonce: { } nonce, PayloadTag: { } tag }
            ? cipher.Open(delivery.Id, new SealedPayload(delivery.KeyId, nonce, payload, tag))
            : null;
        if (code is null && !cipher.Holds(delivery.KeyId))
        {
            // Sealed by a node whose ring is newer (a rotation rolled out node by node): a node holding the key, or this
            // one once it has the ring, sends it; until then, or until the code expires, it is retried.
            await RecordAsync(delivery, new DeliveryOutcome.Failed($"Not sent by this node: its code key ring lacks key {delivery.KeyId}, which sealed the message.", true), null);
            return;
        }

        if (code is null)
        {
            // Fail closed: a payload that does not open with the key it names (the row was altered) is never guessed at.
            await RecordAsync(delivery, new DeliveryOutcome.Failed("The sealed code could not be opened: the row was altered.", false), null);
            return;
        }

        // The address is the user's as it is now: one removed since the message was queued (a phone reported stolen,
        // say) must not get the code, and one changed gets it at the new address.
        var channel = channels.Find(delivery.Method)!;
        var recipient = await store.FindUserAsync(delivery.UserId, stop) is { } user ? DeliveryQueue.RecipientOf(user) : null;
        var unreachable = recipient is null ? "Not sent: the user no longer exists."
            : channel.CannotReach(recipient) is { } why ? $"Not sent: {why} any more (changed after the message was queued)."
            : null;
        if (recipient is null || unreachable is not null)
        {
            await RecordAsync(delivery, new DeliveryOutcome.Failed(unreachable!, false), code);
            return;
        }

        // A batch is sent a few messages at a time, so the last may start after the lease taken for all of them ran out,
        // and another node may have taken it by then. A lease renewed now outlasts this one send.
        var leaseUntil = clock.GetUtcNow().ToUnixMs() + options.Value.LeaseSeconds * 1000L;
        if (!await store.RenewDeliveryLeaseAsync(delivery.Pk, _owner, leaseUntil, stop))
        {
            logger.DeliveryTakenOver(delivery.Id);
            return;
        }

        var message = new DeliveryMessage(delivery.Id, delivery.Method, delivery.CodeId, code, recipient, delivery.ResourceId, delivery.ResourceName,
            DateTimeOffset.FromUnixTimeMilliseconds(delivery.NotBefore), DateTimeOffset.FromUnixTimeMilliseconds(delivery.NotAfter), delivery.Attempts);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
        DeliveryOutcome outcome;
        try
        {
            outcome = await channel.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Latch is stopping: queue the message again now rather than leave it to its lease (it may have gone out: at least once).
            outcome = new DeliveryOutcome.Failed("Interrupted: Latch stopped during the send.", true);
        }
        catch (OperationCanceledException)
        {
            outcome = new DeliveryOutcome.Failed($"The send timed out after {options.Value.SendTimeoutSeconds} s.", true);
        }
#pragma warning disable CA1031 // A channel's unexpected failure is a failed attempt, retried, never a lost message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = new DeliveryOutcome.Failed($"{e.GetType().Name}: {e.Message}", true);
        }

        await RecordAsync(delivery, outcome, code);
    }

    private async Task RecordAsync(DeliveryRecord delivery, DeliveryOutcome outcome, PlainCode? code)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        var (result, audit) = outcome switch
        {
            // Channels promise errors without the code; RemoteText makes sure of it, for the gateway's own words too.
            DeliveryOutcome.Sent sent => ((DeliveryResult)new DeliveryResult.Sent(sent.Reference is { } reference ? RemoteText.Clean(reference, code, 200) : null),
                DeliveredAudit(delivery)),
            DeliveryOutcome.Failed failed => Failure(delivery, RemoteText.Clean(failed.Error, code), failed.Retryable, now),
            _ => throw new InvalidOperationException("Unknown delivery outcome."),
        };

        // Recorded even while stopping: the write is what makes the attempt count.
        var recorded = await store.RecordDeliveryAsync(delivery.Pk, _owner, result, now, audit, CancellationToken.None);
        switch (recorded ? result : null)
        {
            case DeliveryResult.Sent:
                logger.DeliverySent(delivery.Id, delivery.Method, delivery.Attempts);
                break;
            case DeliveryResult.Retry retry:
                logger.DeliveryRetrying(delivery.Id, delivery.Method, delivery.Attempts, retry.Error, DateTimeOffset.FromUnixTimeMilliseconds(retry.NextAttemptAt));
                break;
            case DeliveryResult.Failed failed:
                logger.DeliveryFailed(delivery.Id, delivery.Method, delivery.Attempts, failed.Error);
                break;
            default:
                logger.DeliveryLeaseLost(delivery.Id);
                break;
        }
    }

    private (DeliveryResult, AuditDraft?) Failure(DeliveryRecord delivery, string error, bool retryable, long now)
    {
        if (retryable)
        {
            var next = now + (long)Backoff(delivery.Attempts).TotalMilliseconds;
            if (next < delivery.NotAfter)
            {
                return (new DeliveryResult.Retry(error, next), null);
            }

            error += " Gave up: the code expires before the next attempt.";
        }

        return (new DeliveryResult.Failed(error), FailedAudit(delivery, DeliveryStates.Failed, error));
    }

    /// <summary>Exponential backoff: the first retry after FirstRetrySeconds, each next one twice as late, capped at MaxRetrySeconds.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var seconds = options.Value.FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.Value.MaxRetrySeconds));
    }

    private static AuditDraft DeliveredAudit(DeliveryRecord d) => new(Actor, AuditActions.CodeDelivered, d.CodeId,
        AuditData.Of(("deliveryId", d.Id), ("method", d.Method), ("userId", d.UserId), ("attempt", d.Attempts)));

    private static AuditDraft FailedAudit(DeliveryRecord d, string state, string error) => new(Actor, AuditActions.DeliveryFailed, d.CodeId,
        AuditData.Of(("deliveryId", d.Id), ("method", d.Method), ("userId", d.UserId), ("state", state), ("attempts", d.Attempts), ("error", error)));
}
