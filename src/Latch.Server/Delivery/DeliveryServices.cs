using Latch.Core.Codes;
using Latch.Core.Delivery;
using Latch.Server.Delivery.Email;
using Latch.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latch.Server.Delivery;

/// <summary>The delivery queue, its dispatcher, and the channels this server's configuration turns on.</summary>
internal static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddOptions<DeliveryQueueOptions>().BindConfiguration(DeliveryQueueOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryQueueOptions>, DeliveryQueueOptionsValidator>();

        // The payload key is derived from the code key ring (see PayloadCipher): nodes sharing a queue share the ring.
        services.AddSingleton(sp => new PayloadCipher(sp.GetRequiredService<CodeTagger>().Keys));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliveryChannels>();
        services.AddHostedService<DeliveryDispatcher>();

        // A channel is registered only when configured: a method with no channel is refused at the edge with a 400.
        services.AddSingleton(sp => new OutboxChannel(sp.GetRequiredService<IOptions<LatchOptions>>().Value.Data, sp.GetRequiredService<TimeProvider>()));
        if (configuration.GetValue<bool>($"{OutboxOptions.Section}:Enabled"))
        {
            services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<OutboxChannel>());
        }

        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.AddSingleton<IDeliveryChannel, EmailChannel>();
        }

        return services;
    }
}
