using Latch.Server.Delivery;
using Latch.Server.Delivery.Email;
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
    public void Implicit_tls_is_accepted_and_defaults_to_port_465()
    {
        var options = new SmtpOptions { Host = "mail.example.test", From = "latch@example.test", Security = "tls", User = "latch", Password = "pw" };
        Assert.True(new SmtpOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(465, options.EffectivePort);
        Assert.Equal(587, new SmtpOptions { Security = "starttls" }.EffectivePort);
        Assert.Equal(25, new SmtpOptions { Security = "none" }.EffectivePort);
    }

    [Fact]
    public void An_unknown_security_value_names_the_three_that_exist()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "mail.example.test", From = "latch@example.test", Security = "ssl" });
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("'starttls'", failure, StringComparison.Ordinal);
        Assert.Contains("'tls'", failure, StringComparison.Ordinal);
        Assert.Contains("'none'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_certificate_must_be_a_readable_pem_file_and_needs_tls()
    {
        var folder = Path.Combine(Path.GetTempPath(), "latch-smtp", Guid.NewGuid().ToString("n"));
        var certificate = TestCertificate.Create(folder);
        try
        {
            var validator = new SmtpOptionsValidator();
            Assert.True(validator.Validate(null, new SmtpOptions { Host = "127.0.0.1", From = "latch@example.test", TrustedCertificate = certificate.CertificatePath }).Succeeded);

            var missing = validator.Validate(null, new SmtpOptions { Host = "127.0.0.1", From = "latch@example.test", TrustedCertificate = Path.Combine(folder, "missing.pem") });
            Assert.Contains("cannot be read as PEM certificates", Assert.Single(missing.Failures!), StringComparison.Ordinal);

            var keyOnly = validator.Validate(null, new SmtpOptions { Host = "127.0.0.1", From = "latch@example.test", TrustedCertificate = certificate.KeyPath });
            Assert.Contains("cannot be read as PEM certificates", Assert.Single(keyOnly.Failures!), StringComparison.Ordinal);

            var plain = validator.Validate(null, new SmtpOptions { Host = "127.0.0.1", From = "latch@example.test", Security = "none", TrustedCertificate = certificate.CertificatePath });
            Assert.Contains("has no effect with Security 'none'", Assert.Single(plain.Failures!), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
            ["Delivery:Smtp:Security"] = "ssl",
        }));
        Assert.Contains("Delivery:Smtp:Security must be", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Delivery:Smtp:From is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_settings_are_checked_together()
    {
        var result = new DeliveryQueueOptionsValidator().Validate(null, new DeliveryQueueOptions { PollMilliseconds = 1, LeaseSeconds = 10, SendTimeoutSeconds = 30 });
        Assert.Equal(2, result.Failures!.Count());
    }
}
