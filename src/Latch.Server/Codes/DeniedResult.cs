using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Codes;

/// <summary>A refused code as the contract's 403 with a JSON body (not a problem: a refusal is an answer), with <c>Retry-After</c> when throttled.</summary>
internal sealed class DeniedResult<T>(T body, JsonTypeInfo<T> type, TimeSpan? retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(httpContext.Response.Body, body, type, httpContext.RequestAborted);
    }
}
