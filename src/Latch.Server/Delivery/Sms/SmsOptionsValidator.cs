using Latch.Server.Delivery.Webhooks;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Sms;

/// <summary>Checks the SMS gateway settings at start-up, reporting every problem at once.</summary>
internal sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        WebhookSettings.Check(SmsOptions.Section, options.Url, options.Secret, "the HMAC key, or the Twilio auth token", failures);
        if (options.Mode is not ("json" or "twilio"))
        {
            failures.Add($"Delivery:Sms:Mode must be 'json' or 'twilio', not '{options.Mode}'.");
        }
        else if (options.Mode == "twilio" && (string.IsNullOrWhiteSpace(options.AccountSid) || string.IsNullOrWhiteSpace(options.From)))
        {
            failures.Add("Delivery:Sms:Mode 'twilio' needs Delivery:Sms:AccountSid and Delivery:Sms:From.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
