using Latch.Server.Delivery.Webhooks;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Push;

/// <summary>Checks the push companion settings at start-up, reporting every problem at once.</summary>
internal sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        WebhookSettings.Check(PushOptions.Section, options.Url, options.Secret, "the HMAC key shared with the companion app", failures);
        if (options.TimeoutSeconds is < 10 or > 600)
        {
            failures.Add("Delivery:Push:TimeoutSeconds must be between 10 and 600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
