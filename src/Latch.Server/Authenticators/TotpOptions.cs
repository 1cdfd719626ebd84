using Latch.Core.Otp;
using Microsoft.Extensions.Options;

namespace Latch.Server.Authenticators;

/// <summary>The <c>Totp</c> section: how far a TOTP code's time step may be from the server's (SPEC "Latch codes": ±1 by default).</summary>
public sealed class TotpOptions
{
    public const string Section = "Totp";

    public int SkewSteps { get; set; } = 1;
}

internal sealed class TotpOptionsValidator : IValidateOptions<TotpOptions>
{
    public ValidateOptionsResult Validate(string? name, TotpOptions options) =>
        options.SkewSteps is < 0 or > TotpSettings.MaxSkewSteps
            ? ValidateOptionsResult.Fail($"Totp:SkewSteps must be between 0 and {TotpSettings.MaxSkewSteps}.")
            : ValidateOptionsResult.Success;
}
