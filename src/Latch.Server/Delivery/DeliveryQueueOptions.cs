using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery;

/// <summary>The <c>Delivery:Queue</c> section: how the dispatcher polls, leases and retries.</summary>
public sealed class DeliveryQueueOptions
{
    public const string Section = "Delivery:Queue";

    /// <summary>How often the dispatcher looks for due messages when nothing wakes it (real time, milliseconds).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How long a claimed message is reserved to its node; a crashed node's messages are retried after it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>The first retry's delay; each further retry doubles it, up to <see cref="MaxRetrySeconds"/>.</summary>
    public int FirstRetrySeconds { get; set; } = 5;

    public int MaxRetrySeconds { get; set; } = 300;

    /// <summary>How long one send may take before it counts as a (retryable) failure.</summary>
    public int SendTimeoutSeconds { get; set; } = 30;

    public int BatchSize { get; set; } = 16;
}

/// <summary>Checks <c>Delivery:Queue</c> at start-up and reports every problem at once.</summary>
internal sealed class DeliveryQueueOptionsValidator : IValidateOptions<DeliveryQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryQueueOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(options.PollMilliseconds is >= 10 and <= 600_000, "Delivery:Queue:PollMilliseconds must be between 10 and 600000.");
        Check(options.SendTimeoutSeconds is >= 1 and <= 600, "Delivery:Queue:SendTimeoutSeconds must be between 1 and 600.");
        Check(options.LeaseSeconds > options.SendTimeoutSeconds && options.LeaseSeconds <= 3600,
            "Delivery:Queue:LeaseSeconds must be longer than SendTimeoutSeconds (a lease must outlast a send) and at most 3600.");
        Check(options.FirstRetrySeconds is >= 1 and <= 3600, "Delivery:Queue:FirstRetrySeconds must be between 1 and 3600.");
        Check(options.MaxRetrySeconds >= options.FirstRetrySeconds && options.MaxRetrySeconds <= 86_400,
            "Delivery:Queue:MaxRetrySeconds must be at least FirstRetrySeconds and at most 86400.");
        Check(options.BatchSize is >= 1 and <= 1000, "Delivery:Queue:BatchSize must be between 1 and 1000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
