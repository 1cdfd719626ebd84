namespace Latch.Core.Otp;

/// <summary>
/// How an authenticator computes its codes (RFC 6238 §4): hash, number of digits, time step X in seconds, and how
/// many steps before and after the current one a code may come from (clock skew, §5.2).
/// </summary>
public sealed record TotpSettings(OtpAlgorithm Algorithm = OtpAlgorithm.Sha1, int Digits = 6, int PeriodSeconds = 30, int SkewSteps = 1)
{
    public const int DefaultPeriodSeconds = 30;
    public const int MaxPeriodSeconds = 300;
    public const int MaxSkewSteps = 10;

    public static TotpSettings Default { get; } = new();

    /// <summary>What is wrong with these settings, or null when they are usable.</summary>
    public string? Problem() =>
        !Enum.IsDefined(Algorithm) ? "algorithm must be one of SHA1, SHA256, SHA512."
        : Digits is < Hotp.MinDigits or > Hotp.MaxDigits ? $"digits must be between {Hotp.MinDigits} and {Hotp.MaxDigits}."
        : PeriodSeconds is < 1 or > MaxPeriodSeconds ? $"period must be between 1 and {MaxPeriodSeconds} seconds."
        : SkewSteps is < 0 or > MaxSkewSteps ? $"skew must be between 0 and {MaxSkewSteps} steps."
        : null;
}
