using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latch.Server.Http;

/// <summary>
/// Reads a JSON request body with errors a person can act on: wrong content type (415), oversize (413), too slow (408),
/// broken framing (400), malformed JSON or a field of the wrong type (400, naming the JSON path, never echoing the value).
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Of(415, "latch.request.unsupported-media-type", "The body must be JSON.",
                "Send the body with 'Content-Type: application/json'."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, context.RequestAborted);
            return value is null
                ? (null, Problems.MalformedJson("The body is 'null'; send a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.MalformedJson(Describe(e)));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Problems.UnreadableBody(e));
        }
    }

    /// <summary>
    /// For calls whose body may be left out: without one the answer is (null, null). Whether there is one is known
    /// from the framing (a Content-Length above zero, or chunks), so a chunked body is read like any other.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadOptionalAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (!(context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0))
        {
            return (null, null);
        }

        // Chunks may still add up to nothing: look at the first bytes without taking them.
        var reader = context.Request.BodyReader;
        try
        {
            var first = await reader.ReadAsync(context.RequestAborted);
            var empty = first.IsCompleted && first.Buffer.IsEmpty;
            reader.AdvanceTo(first.Buffer.Start);
            return empty ? (null, null) : await ReadAsync(context, type);
        }
        catch (BadHttpRequestException e)
        {
            return (null, Problems.UnreadableBody(e));
        }
    }

    // The exception's own message can name .NET types; the path and position are what a caller needs.
    private static string Describe(JsonException e)
    {
        var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the body" : $"'{e.Path}'";
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column ? $" (line {line + 1}, byte {column + 1})" : "";
        var what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "is not a field of this call"
            : e.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "has the wrong type or format"
                : "is not valid JSON";
        return $"The value at {at}{where} {what}.";
    }
}
