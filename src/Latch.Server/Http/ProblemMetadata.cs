using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latch.Server.Http;

public static class ProblemMetadata
{
    public const string JsonContentType = "application/json";

    /// <summary>Documents Latch's own problem shape (with its stable <c>code</c>) for the given statuses in OpenAPI.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<Problem>(status, ProblemResult.ContentType);
        }

        return builder;
    }

    /// <summary>
    /// A JSON request body read with <see cref="JsonBody"/>, and the answers reading it can give besides the endpoint's
    /// own: 400 (malformed JSON, or bytes that do not match the framing), 408 (the body stalled), 413 (too large) and 415
    /// (not JSON).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>(JsonContentType).ProducesProblems(400, 408, 413, 415);

    /// <summary>An OpenAPI operation transformer: lists the responses by status, whatever order their metadata was declared in.</summary>
    internal static Task OrderResponsesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is { Count: > 1 } responses)
        {
            var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, response) in ordered)
            {
                responses[status] = response;
            }
        }

        return Task.CompletedTask;
    }
}
