using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Email;

/// <summary>Checks <c>Delivery:Smtp</c> at start-up and reports every problem at once.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (!options.IsConfigured)
        {
            if (options.From is not null || options.User is not null || options.Password is not null || options.Port is not null
                || options.TrustedCertificate is not null)
            {
                failures.Add("Delivery:Smtp:Host is required when other Delivery:Smtp settings are given (leave the whole section out to turn email off).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (options.Security is not ("none" or "starttls" or "tls"))
        {
            failures.Add($"Delivery:Smtp:Security must be 'starttls' (port 587: STARTTLS before anything is sent), 'tls' (port 465: " +
                $"implicit TLS) or 'none' (no encryption), not '{options.Security}'.");
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
            failures.Add("Delivery:Smtp:Security 'none' with a User would send the password in clear text over the network: use 'starttls' or 'tls'.");
        }

        if (options.TrustedCertificate is { } path)
        {
            if (options.Security == "none")
            {
                failures.Add("Delivery:Smtp:TrustedCertificate has no effect with Security 'none': use 'starttls' or 'tls', or leave it out.");
            }

            try
            {
                SmtpTls.LoadTrusted(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                failures.Add($"Delivery:Smtp:TrustedCertificate '{path}' cannot be read as PEM certificates: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
