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
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            failures.Add("Delivery:Sms:Url must be an absolute http(s) URL.");
        }
        else if (url.Scheme == "http" && !url.IsLoopback)
        {
            failures.Add("Delivery:Sms:Url must use https (plain http is allowed only on loopback): the message holds a code.");
        }

        if (options.Secret is not { Length: >= 16 })
        {
            failures.Add("Delivery:Sms:Secret must be set, at least 16 characters (the HMAC key, or the Twilio auth token).");
        }

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
