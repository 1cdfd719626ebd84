using Microsoft.Extensions.Options;

namespace Latch.Server.Grants;

/// <summary>Checks <see cref="GrantOptions"/> at start-up.</summary>
internal sealed class GrantOptionsValidator : IValidateOptions<GrantOptions>
{
    public ValidateOptionsResult Validate(string? name, GrantOptions options) =>
        string.IsNullOrWhiteSpace(options.Issuer) || options.Issuer.Trim() != options.Issuer
            ? ValidateOptionsResult.Fail("Latch:Grants:Issuer must name the grants' issuer (e.g. 'latch' or the server's URL), without surrounding spaces.")
            : ValidateOptionsResult.Success;
}
