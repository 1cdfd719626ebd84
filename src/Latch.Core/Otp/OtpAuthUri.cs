using System.Globalization;

namespace Latch.Core.Otp;

/// <summary>
/// The Key Uri Format authenticator apps read from a QR code:
/// <c>otpauth://totp/{issuer}:{account}?secret=…&amp;issuer=…&amp;algorithm=…&amp;digits=…&amp;period=…</c>.
/// It carries the secret: hand it out once, at enrollment, and never log it.
/// </summary>
public static class OtpAuthUri
{
    public const string DefaultIssuer = "Latch";

    public static string ForTotp(TotpSecret secret, string accountName, TotpSettings settings, string issuer = DefaultIssuer)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountName);
        return string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{label}?secret={secret.RevealBase32()}&issuer={Uri.EscapeDataString(issuer)}" +
            $"&algorithm={settings.Algorithm.WireName()}&digits={settings.Digits}&period={settings.PeriodSeconds}");
    }
}
