using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Latch.Core.Codes;
using Latch.Core.Otp;
using Latch.Server.Auth;
using Latch.Server.Authenticators;
using Latch.Server.Access;
using Latch.Server.Codes;
using Latch.Server.Policies;
using Latch.Server.Delivery;
using Latch.Server.Delivery.Webhooks;
using Latch.Server.Doors;
using Latch.Server.Endpoints;
using Latch.Server.Grants;
using Latch.Server.Http;
using Latch.Server.Keys;
using Latch.Server.Ui;
using Latch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latch.Server.Hosting;

/// <summary>Builds the Latch web host: configuration, store, keys, and the API — <see cref="MapLatch"/> is its table of contents.</summary>
public static class LatchServer
{
    /// <summary>
    /// Builds a ready-to-run server: configuration read and validated, store migrated, first admin key ensured.
    /// <paramref name="overrides"/> are configuration values that win over everything else (the CLI's flags, tests).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null,
        TextWriter? console = null)
    {
        // Configuration is read once at start (options are validated then): watching the content root for changes
        // would also wake a watcher thread on every write of a data folder inside it, such as the default ./latch-data.
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

        // Defaults every other source overrides: ASP.NET Core's per-request information logs cost more than a
        // verification on the hot path.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

                // While this category can log at all, ASP.NET Core starts a diagnostic activity for every request (an
                // object, ids and an async-local change) to correlate its logs; Latch never reads it. A failed start
                // still reaches the console through the exception.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",

                // The UI's data protection keys sit in the data folder (mode 0700) like the code key ring; the
                // "no XML encryptor" warning at every first start says only that.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            },
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // LATCH_DATA is the documented short form of Latch:Data.
            ["Latch:Data"] = builder.Configuration["LATCH_DATA"] ?? builder.Configuration["Latch:Data"],
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data"] = "Latch:Data", ["--store"] = "Latch:Store" });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var options = builder.Configuration.GetSection(LatchOptions.Section).Get<LatchOptions>() ?? new LatchOptions();
        if (string.IsNullOrWhiteSpace(builder.Configuration["Latch:Data"]))
        {
            builder.Configuration["Latch:Data"] = options.Data = Path.GetFullPath("latch-data");
        }

        if (options.Demo && builder.Configuration["Delivery:Outbox:Enabled"] is null)
        {
            builder.Configuration["Delivery:Outbox:Enabled"] = "true";
        }

        var doors = builder.Configuration.GetSection(DoorsOptions.Section).Get<DoorsOptions>() ?? new DoorsOptions();
        // Socket completions go straight to the thread pool rather than through Kestrel's per-core I/O queues: in
        // interleaved runs this served more verifications a second at a lower p99 (docs/benchmarks.md).
        builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (!string.IsNullOrWhiteSpace(doors.MtlsUrl) && Uri.TryCreate(doors.MtlsUrl, UriKind.Absolute, out _))
            {
                MtlsListener.Configure(k, builder.Configuration["urls"], builder.Configuration["http_ports"], doors.MtlsUrl);
            }
        });
        AddServices(builder, configureServices);

        var app = builder.Build();
        try
        {
            await PrepareAsync(app, console ?? Console.Out);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        app.MapLatch();
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder, Action<IServiceCollection>? configureServices)
    {
        var services = builder.Services;
        services.AddOptions<LatchOptions>().BindConfiguration(LatchOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LatchOptions>, LatchOptionsValidator>();
        services.AddWebhookChannels(builder.Configuration);
        services.AddOptions<TotpOptions>().BindConfiguration(TotpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TotpOptions>, TotpOptionsValidator>();
        services.AddOptions<GrantOptions>().BindConfiguration(GrantOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrantOptions>, GrantOptionsValidator>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, LatchJson.Default);
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        // A query value of the wrong form throws, so that the exception handler can name the parameter (QueryValueProblem).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        var apiKeys = new ApiKeyOpenApi();
        services.AddOpenApi(o => o.AddDocumentTransformer(apiKeys).AddOperationTransformer(apiKeys)
            .AddOperationTransformer(ProblemMetadata.OrderResponsesAsync).AddSchemaTransformer(PatchFieldConverter.DescribeAsync));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateStore(sp.GetRequiredService<IOptions<LatchOptions>>().Value, builder.Configuration, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CodeTagger(KeyRingFile.LoadOrCreate(DataFolderOf(sp), sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton(sp => new GrantSigner(
            GrantKeyRingFile.LoadOrCreate(DataFolderOf(sp), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IOptions<GrantOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(CodeGenerator.System);
        services.AddDelivery(builder.Configuration);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ResourceIndex>();
        services.AddSingleton<CodeThrottles>();
        services.AddSingleton<CodeIssuer>();
        services.AddSingleton<CodeVerifier>();
        services.AddSingleton<PolicyCatalog>();
        services.AddSingleton<PolicyEditor>();
        services.AddSingleton<SignInRiskScorer>();
        services.AddSingleton<FactsResolver>();
        services.AddSingleton<AccessEvaluator>();
        services.AddSingleton<ChallengeFlow>();
        services.AddSingleton<PushFlow>();
        services.AddSingleton<ChallengeMethods>();
        services.AddSingleton<ImpactReplay>();
        services.AddSingleton<Visits.VisitScheduler>();
        services.TryAddSingleton(RandomNumberGenerator.Create());
        services.AddSingleton(sp => new TotpSecretSealer(sp.GetRequiredService<CodeTagger>().Keys));
        services.AddSingleton<TotpEnrollment>();
        services.AddSingleton<TotpVerifier>();
        services.AddLatchUi(builder.Configuration["Latch:Data"]!);
        AddDoors(services);
        configureServices?.Invoke(services);
    }

    private static void AddDoors(IServiceCollection services)
    {
        services.AddOptions<DoorsOptions>().BindConfiguration(DoorsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DoorsOptions>, DoorsOptionsValidator>();
        services.AddSingleton(sp => DeviceCa.LoadOrCreate(DataFolderOf(sp), sp.GetRequiredService<TimeProvider>(),
            MtlsListener.ServerNames(sp.GetRequiredService<IOptions<DoorsOptions>>().Value)));
        services.AddSingleton(sp => new DoorSecretSealer(sp.GetRequiredService<CodeTagger>().Keys));
        services.AddSingleton<ControllerCertificates>();
        services.AddSingleton<DoorLookup>();
        services.AddSingleton<DoorAdmin>();
        services.AddSingleton<ControllerSync>();
        services.AddSingleton<DoorUnlock>();
        services.AddSingleton<DoorEventUpload>();
        services.AddSingleton<OfflineIssuance>();
    }

    private static string DataFolderOf(IServiceProvider services) => services.GetRequiredService<IOptions<LatchOptions>>().Value.Data;

    private static ILatchStore CreateStore(LatchOptions options, IConfiguration configuration, TimeProvider clock)
    {
        DataFolder.Create(options.Data);
        return options.Store == "postgres"
            ? LatchStores.Postgres(configuration.GetConnectionString("Postgres")!, clock)
            : LatchStores.Sqlite(Path.Combine(options.Data, "latch.db"), clock);
    }

    private static async Task PrepareAsync(WebApplication app, TextWriter console)
    {
        var options = app.Services.GetRequiredService<IOptions<LatchOptions>>().Value; // validates every setting at once
        var store = app.Services.GetRequiredService<ILatchStore>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Latch");
        await store.MigrateAsync(CancellationToken.None);
        logger.StoreReady(options.Store, options.Store == "sqlite" ? Path.Combine(options.Data, "latch.db") : "ConnectionStrings:Postgres");
        _ = app.Services.GetRequiredService<CodeTagger>(); // creates the key rings on first start, before any request
        _ = app.Services.GetRequiredService<GrantSigner>();
        DataFolder.Create(UiHosting.KeysFolder(options.Data)); // before data protection writes its first key there
        _ = app.Services.GetRequiredService<IOptions<TotpOptions>>().Value;
        _ = app.Services.GetRequiredService<DeviceCa>(); // the device CA is created on first start
        await Bootstrap.EnsureAdminKeyAsync(store, app.Configuration[Bootstrap.EnvironmentVariable], console, clock, logger, CancellationToken.None);
        if (options.Demo)
        {
            await DemoData.SeedAsync(store, console, clock, logger, CancellationToken.None);
            await Ui.Accounts.DemoConsoleAccount.SeedAsync(app.Services, console, CancellationToken.None);
        }
    }

    /// <summary>The whole HTTP surface.</summary>
    private static void MapLatch(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteInternalErrorAsync,
            SuppressDiagnosticsCallback = c => Problems.BadRequestBehind(c.Exception) is not null || NulCharacter.IsBehind(c.Exception), // the caller's fault, not Latch's
        });
        app.UseStatusCodePages(WriteStatusProblemAsync);
        app.UseHeadAsGet();
        app.UseNulRefusingQuery();
        app.UseRouting(); // after the HEAD rewrite, so that HEAD finds the GET endpoints
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseLatchUi();

        app.MapOpenApi("/openapi/v1.json");
        app.MapHealth();
        app.MapJwks();
        app.MapApiKeys();
        app.MapUsers();
        app.MapAuthenticators();
        app.MapGroups();
        app.MapResources();
        app.MapDevices();
        app.MapLocations();
        app.MapCodes();
        app.MapDeliveries();
        app.MapPolicies();
        app.MapAccess();
        app.MapVisits();
        app.MapDoors();
        app.MapAudit();
        app.MapLatchUi();
    }

    // A bug, not a bad request: the caller gets a trace id, the log gets the exception (which never holds secrets).
    // The exceptions that are the caller's fault: a query value of the wrong form, a body the server could not read, and
    // text PostgreSQL cannot store, answered with their 4xx here for every endpoint.
    private static Task WriteInternalErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        return (Problems.BadRequestBehind(error) is { } bad
            ? QueryValueProblem.Of(bad) ?? Problems.UnreadableBody(bad)
            : NulCharacter.IsBehind(error)
                ? NulCharacter.Problem()
                : Problems.Of(500, "latch.internal", "Latch failed to handle the request.",
                    $"An unexpected error occurred; the server log has the details under trace id {context.TraceIdentifier}.")).ExecuteAsync(context);
    }

    private static Task WriteStatusProblemAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (context.Response.StatusCode == 405)
        {
            HeadRequests.ListHeadBesideGet(context.Response.Headers);
        }

        var problem = context.Response.StatusCode switch
        {
            404 => Problems.Of(404, "latch.route.not-found", "No such endpoint.", $"Nothing is served at '{Problems.Shorten(context.Request.Path.Value ?? "")}'; see /openapi/v1.json."),
            405 => Problems.Of(405, "latch.route.method-not-allowed", "Method not allowed.", $"'{context.Request.Method}' is not allowed here; see /openapi/v1.json."),
            413 => Problems.TooLarge(),
            415 => Problems.NotJson(),
            var code when code < 500 => Problems.Of(code, "latch.request.bad", "The request could not be read.", "Check the path, query parameters and headers against /openapi/v1.json."),
            var code => Problems.Of(code, "latch.internal", "Latch failed to handle the request.", $"Trace id {context.TraceIdentifier}."),
        };
        return problem.ExecuteAsync(context);
    }
}
