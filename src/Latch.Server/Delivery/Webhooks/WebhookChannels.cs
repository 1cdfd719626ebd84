using System.Net;
using Latch.Server.Delivery.Push;
using Latch.Server.Delivery.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery.Webhooks;

/// <summary>Registers the channels that deliver over HTTP: sms (only when configured) and the push companion's notifier.</summary>
internal static class WebhookChannels
{
    /// <summary>A webhook gets this long to answer; the delivery queue retries after a timeout.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddWebhookChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        services.AddSingleton(sp => new PushNotifier(
            sp.GetRequiredKeyedService<HttpClient>(nameof(WebhookChannels)), sp.GetRequiredService<IOptions<PushOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton(nameof(WebhookChannels), (_, _) => new HttpClient(new SocketsHttpHandler
        {
            // Redirects could carry a code to a host nobody configured.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = Timeout });

        if (configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() is { Enabled: true })
        {
            services.AddSingleton<IDeliveryChannel>(sp => new SmsChannel(
                sp.GetRequiredKeyedService<HttpClient>(nameof(WebhookChannels)), sp.GetRequiredService<IOptions<SmsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }
}
