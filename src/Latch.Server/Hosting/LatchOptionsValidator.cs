using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Latch.Server.Hosting;

/// <summary>Checks the configuration at start-up and reports every problem at once.</summary>
internal sealed class LatchOptionsValidator(IConfiguration configuration) : IValidateOptions<LatchOptions>
{
    public ValidateOptionsResult Validate(string? name, LatchOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Data))
        {
            failures.Add("Latch:Data (or LATCH_DATA, or --data) must name a data folder.");
        }

        if (options.Store is not ("sqlite" or "postgres"))
        {
            failures.Add($"Latch:Store must be 'sqlite' or 'postgres', not '{options.Store}'.");
        }

        if (options.Store == "postgres" && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            failures.Add("Latch:Store is 'postgres' but ConnectionStrings:Postgres is not set.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("Latch:MaxRequestBodyBytes must be between 1024 and 16777216.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
