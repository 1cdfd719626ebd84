using Latch.Server.Delivery;
using Latch.Server.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Latch.Server.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Fact]
    public void Every_smtp_problem_is_reported_at_once()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions
        {
            Host = "mail.example.test",
            Port = 70000,
            From = "not an address",
            User = "latch",
            Security = "none",
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Port", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("From", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("User and Delivery:Smtp:Password go together", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("clear text", StringComparison.Ordinal));
    }

    [Fact]
    public void Implicit_tls_is_refused_with_a_message_that_names_the_alternative()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "mail.example.test", From = "latch@example.test", Security = "tls" });
        Assert.Contains("use 'starttls'", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void No_smtp_section_means_no_email_channel_and_no_error()
    {
        Assert.True(new SmtpOptionsValidator().Validate(null, new SmtpOptions()).Succeeded);
        Assert.True(new SmtpOptionsValidator().Validate(null, new SmtpOptions { From = "latch@example.test" }).Failed);
    }

    [Fact]
    public async Task A_server_with_a_bad_smtp_setting_refuses_to_start()
    {
        await using var store = await StoreSetup.CreateAsync("sqlite");
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => LatchHost.StartAsync(store, new()
        {
            ["Delivery:Smtp:Host"] = "127.0.0.1",
            ["Delivery:Smtp:Security"] = "tls",
        }));
        Assert.Contains("Delivery:Smtp:Security 'tls'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Delivery:Smtp:From is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_settings_are_checked_together()
    {
        var result = new DeliveryQueueOptionsValidator().Validate(null, new DeliveryQueueOptions { PollMilliseconds = 1, LeaseSeconds = 10, SendTimeoutSeconds = 30 });
        Assert.Equal(2, result.Failures!.Count());
    }
}
