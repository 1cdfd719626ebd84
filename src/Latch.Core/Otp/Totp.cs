using System.Security.Cryptography;

namespace Latch.Core.Otp;

/// <summary>TOTP, RFC 6238: HOTP over the number of time steps since the Unix epoch. Time is an input.</summary>
public static class Totp
{
    /// <summary>RFC 6238 §4.2: T = floor((unixTime − T0) / X) with T0 = 0.</summary>
    public static long StepAt(long unixTimeSeconds, int periodSeconds) => Math.Max(0, unixTimeSeconds) / periodSeconds;

    public static string Compute(TotpSecret secret, long unixTimeSeconds, TotpSettings settings) =>
        Hotp.Compute(secret, StepAt(unixTimeSeconds, settings.PeriodSeconds), settings.Digits, settings.Algorithm);

    /// <summary>
    /// Checks <paramref name="code"/> against every step of the window around <paramref name="unixTimeSeconds"/>:
    /// 1. refuse a value that is not exactly <c>Digits</c> ASCII digits;
    /// 2. compute the code of each step T−skew..T+skew (RFC 6238 §5.2) and compare in constant time, without
    ///    returning early, so the time taken does not reveal which step matched;
    /// 3. accept the latest matching step later than <paramref name="lastAcceptedStep"/>; a match only at or
    ///    before it is a replay ("the verifier MUST NOT accept the second attempt of the OTP", §5.2).
    /// The caller must store the accepted step atomically (only if still later than the stored one).
    /// </summary>
    public static TotpCheck Validate(TotpSecret secret, string code, long unixTimeSeconds, long lastAcceptedStep, TotpSettings settings)
    {
        // Step 1.
        if (code.Length != settings.Digits || code.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return new TotpCheck.Malformed();
        }

        // Step 2.
        var current = StepAt(unixTimeSeconds, settings.PeriodSeconds);
        Span<char> expected = stackalloc char[Hotp.MaxDigits];
        var typed = System.Runtime.InteropServices.MemoryMarshal.AsBytes(code.AsSpan());
        var anyMatch = false;
        var accepted = -1L;
        for (var step = current - settings.SkewSteps; step <= current + settings.SkewSteps; step++)
        {
            if (step < 0)
            {
                continue;
            }

            var length = Hotp.Compute(secret, step, settings.Digits, settings.Algorithm, expected);
            var equal = CryptographicOperations.FixedTimeEquals(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected[..length]), typed);
            anyMatch |= equal;

            // Step 3: steps run in increasing order, so the last fresh match is the latest.
            var fresh = equal & step > lastAcceptedStep;
            accepted = fresh ? step : accepted;
        }

        return accepted >= 0 ? new TotpCheck.Accepted(accepted)
            : anyMatch ? new TotpCheck.Replayed()
            : new TotpCheck.NoMatch();
    }
}
