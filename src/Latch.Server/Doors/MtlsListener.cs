using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Doors;

/// <summary>
/// Adds the controllers' mutual-TLS listener to Kestrel. Kestrel ignores <c>--urls</c> once any endpoint is configured in
/// code, so the ordinary URLs are bound here too, unchanged. The mTLS listener requires a client certificate in the
/// handshake and accepts only certificates that chain to the device CA; which controller it is (and whether it is still
/// registered) is decided per request by the API-key middleware from the certificate's thumbprint.
/// </summary>
internal static class MtlsListener
{
    public static void Configure(KestrelServerOptions kestrel, string? urls, string? httpPorts, string mtlsUrl)
    {
        // The same defaults as Kestrel's: --urls / ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS, else localhost:5000.
        var plain = !string.IsNullOrWhiteSpace(urls) ? urls
            : !string.IsNullOrWhiteSpace(httpPorts) ? string.Join(';', httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"))
            : "http://localhost:5000";
        foreach (var url in plain.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            Listen(kestrel, address, listen =>
            {
                if (address.Scheme == "https")
                {
                    listen.UseHttps();
                }
            });
        }

        Listen(kestrel, BindingAddress.Parse(mtlsUrl), listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ServerCertificateSelector = (_, _) => kestrel.ApplicationServices.GetRequiredService<DeviceCa>().ServerCertificate,
            // A certificate from anywhere else fails the handshake: nothing reaches the application.
            ClientCertificateValidation = (certificate, _, _) => kestrel.ApplicationServices.GetRequiredService<DeviceCa>().IsControllerCertificate(certificate),
        }));
    }

    /// <summary>The host names the listener's certificate names: the URL's host, localhost and the loopback addresses, and the configured ones.</summary>
    public static IReadOnlyList<string> ServerNames(DoorsOptions options)
    {
        var names = new List<string>();
        if (options.MtlsUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host is not ("0.0.0.0" or "[::]" or "::"))
        {
            names.Add(uri.Host.Trim('[', ']'));
        }

        names.AddRange((options.MtlsHostNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        names.AddRange(["localhost", "127.0.0.1", "::1"]);
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> configure)
    {
        var host = address.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, configure); // "*", "+" or a host name: every interface, as Kestrel does
        }
    }
}
