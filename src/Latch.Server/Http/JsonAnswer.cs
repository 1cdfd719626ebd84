using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Http;

/// <summary>
/// A JSON answer that is not a problem: a grant (200) or a refusal (403, with <c>Retry-After</c> when throttled).
/// It is serialized whole and sent with its length in one write. It asks the request for no services, so the
/// verification path creates no service scope.
/// </summary>
internal sealed class JsonAnswer<T>(int status, T body, JsonTypeInfo<T> type, TimeSpan? retryAfter = null)
    : IResult, IValueHttpResult, IValueHttpResult<T>, IStatusCodeHttpResult
{
    // Read by the web UI, which calls the same services (UiOutcome).
    public T Value => body;

    object? IValueHttpResult.Value => body;

    public int? StatusCode => status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, type);
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length, httpContext.RequestAborted);
    }
}
