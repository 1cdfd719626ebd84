using Microsoft.AspNetCore.DataProtection;

namespace Latch.Server.Ui;

/// <summary>
/// Short-lived, tamper-proof tokens carried in hidden form fields between the steps of a flow (a sign-in's password
/// step and its code step, the setup's account and its first code), so no half-signed-in state lives in a cookie.
/// </summary>
internal sealed class UiTokens(IDataProtectionProvider provider, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Protect(string purpose, string value) =>
        Protector(purpose).Protect(value, clock.GetUtcNow() + Lifetime);

    /// <summary>The value, or null when the token is forged, altered, for another purpose, or expired.</summary>
    public string? Unprotect(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var value = Protector(purpose).Unprotect(token, out var expiration);
            return expiration > clock.GetUtcNow() ? value : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private ITimeLimitedDataProtector Protector(string purpose) => provider.CreateProtector("Latch.Ui." + purpose).ToTimeLimitedDataProtector();
}
