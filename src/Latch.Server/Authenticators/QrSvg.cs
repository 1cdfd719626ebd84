using QRCoder;

namespace Latch.Server.Authenticators;

/// <summary>Draws a QR code as SVG (no System.Drawing), for an authenticator app to scan.</summary>
internal static class QrSvg
{
    public static string Of(string text)
    {
        // ECC level M: the usual choice for otpauth URIs on screens (15 % of the modules may be unreadable).
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4);
    }
}
