using Microsoft.Extensions.Options;

namespace Latch.Server.Doors;

/// <summary>Checks <c>Latch:Doors</c> at start-up, every problem at once.</summary>
internal sealed class DoorsOptionsValidator : IValidateOptions<DoorsOptions>
{
    public ValidateOptionsResult Validate(string? name, DoorsOptions options)
    {
        var failures = new List<string>();
        if (options.MtlsUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/"))
        {
            failures.Add($"Latch:Doors:MtlsUrl must be an https URL with a host and port and no path (https://0.0.0.0:8443), not '{url}'.");
        }

        if (options.CertificateDays is < 1 or > 3650)
        {
            failures.Add("Latch:Doors:CertificateDays must be between 1 and 3650.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
