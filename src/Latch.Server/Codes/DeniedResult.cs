using System.Text.Json;
using Latch.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Codes;

/// <summary>The contract's 403 <c>{granted: false, reason}</c>, with <c>Retry-After</c> when throttled.</summary>
internal sealed class DeniedResult(CodeDenied denied) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (denied.RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(httpContext.Response.Body, denied, LatchJson.Default.CodeDenied, httpContext.RequestAborted);
    }
}
