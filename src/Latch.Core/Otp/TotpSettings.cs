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
}
