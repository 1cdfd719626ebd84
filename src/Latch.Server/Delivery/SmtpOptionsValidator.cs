using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery;

/// <summary>Checks <c>Delivery:Smtp</c> at start-up and reports every problem at once.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (!options.IsConfigured)
        {
            if (options.From is not null || options.User is not null || options.Password is not null || options.Port is not null)
            {
                failures.Add("Delivery:Smtp:Host is required when other Delivery:Smtp settings are given (leave the whole section out to turn email off).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        switch (options.Security)
        {
            case "none" or "starttls":
                break;
            case "tls":
                // System.Net.Mail.SmtpClient speaks STARTTLS only (and MailKit is not available): rather than silently
                // downgrading an implicit-TLS setting, Latch refuses it.
                failures.Add("Delivery:Smtp:Security 'tls' (implicit TLS, usually port 465) is not supported: use 'starttls' " +
                    "(usually port 587), which encrypts the connection before any credential or code is sent.");
                break;
            default:
                failures.Add($"Delivery:Smtp:Security must be 'starttls' or 'none', not '{options.Security}'.");
                break;
        }

        if (options.Port is { } port && (port < 1 || port > 65535))
        {
            failures.Add("Delivery:Smtp:Port must be between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            failures.Add("Delivery:Smtp:From is required: the address codes are sent from.");
        }
        else if (!MailAddress.TryCreate(options.From, out _))
        {
            failures.Add($"Delivery:Smtp:From '{options.From}' is not a valid email address.");
        }

        if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Delivery:Smtp:User and Delivery:Smtp:Password go together: give both or neither.");
        }

        if (!string.IsNullOrEmpty(options.User) && options.Security == "none" && !IsLoopback(options.Host!))
        {
            failures.Add("Delivery:Smtp:Security 'none' with a User would send the password in clear text over the network: use 'starttls'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
