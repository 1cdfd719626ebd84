using Latch.Core.Access;
using Latch.Server.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latch.Server.Auth;

/// <summary>
/// Puts <see cref="ApiKeyMiddleware"/>'s contract into the OpenAPI document, from the <see cref="AllowedRoles"/> metadata it
/// enforces: the bearer API key as a security scheme, and on every operation that requires a role, that requirement and
/// its answers 401 (no valid key) and 403 (the key's role may not call it). Anonymous operations get neither. The document
/// is built when /openapi/v1.json is asked for; nothing here runs on an API call.
/// </summary>
internal sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string BearerScheme = "apiKey";

    public const string CertificateScheme = "controllerCertificate";

    private const string ProblemSchema = nameof(Problem);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (POST /v1/api-keys, or the first admin key printed at start-up) as 'Authorization: Bearer <key>'. " +
                "Its role decides which calls it may make. A door controller's device key is one too.",
        };
        document.Components.SecuritySchemes[CertificateScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.MutualTLS,
            Description = "On the controllers' mTLS listener (Doors:MtlsUrl), a controller's client certificate issued by Latch's device CA " +
                "stands for its device key.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var allowed = context.Description.ActionDescriptor.EndpointMetadata.OfType<AllowedRoles>().LastOrDefault();
        if (allowed is null || context.Document is not { } document)
        {
            return;
        }

        // Either credential is enough (a list of requirements is a choice); certificates only ever carry the device role.
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        if (allowed.Roles.Contains(Role.Device))
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CertificateScheme, document)] = [] });
        }

        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
        {
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(Problem), null, cancellationToken));
        }

        var roles = string.Join(", ", allowed.Roles.Order().Select(r => r.WireName()));
        operation.Responses ??= [];
        AddProblem(operation.Responses, "401", document,
            "No valid API key (latch.auth.missing-key): send 'Authorization: Bearer <api key>' with an unrevoked key.");
        AddProblem(operation.Responses, "403", document,
            $"The key's role may not call this (latch.auth.forbidden); allowed: {roles}.");
    }

    /// <summary>
    /// Adds the problem+json answer for the status; a status the endpoint already documents with another body (a refused
    /// code's 403 JSON verdict, say) keeps it, and gains the problem beside it.
    /// </summary>
    private static void AddProblem(OpenApiResponses responses, string status, OpenApiDocument document, string description)
    {
        var problem = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) };
        if (responses.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.TryAdd(ProblemResult.ContentType, problem);
            response.Description = $"{response.Description} Or: {description}";
            return;
        }

        responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemResult.ContentType] = problem },
        };
    }
}
