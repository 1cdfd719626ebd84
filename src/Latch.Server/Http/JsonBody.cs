using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Server.Http;

/// <summary>
/// Reads a JSON request body with errors a person can act on: wrong content type (415), malformed JSON or a field of
/// the wrong type (400, naming the JSON path, never echoing the value). A body the server cannot read at all (too
/// large, too slow, framed wrongly) throws <see cref="BadHttpRequestException"/>, which the exception handler answers
/// for every caller alike (<see cref="Problems.UnreadableBody"/>).
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.NotJson());
        }

        if (!IsUtf8(request.ContentType))
        {
            return (null, Problems.Of(415, "latch.request.unsupported-media-type", "The body must be UTF-8.",
                "Send the JSON body as UTF-8 (RFC 8259), with no charset or 'charset=utf-8'."));
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
    }

    /// <summary>
    /// For calls whose body may be left out: without one (no bytes, whether announced by Content-Length or as chunks
    /// adding up to nothing) the answer is (null, null).
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadOptionalAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        // A look at the first bytes without taking them.
        var reader = context.Request.BodyReader;
        var first = await reader.ReadAsync(context.RequestAborted);
        var empty = first.IsCompleted && first.Buffer.IsEmpty;
        reader.AdvanceTo(first.Buffer.Start);
        return empty ? (null, null) : await ReadAsync(context, type);
    }

    // JSON between systems is UTF-8 (RFC 8259 section 8.1); a body declared otherwise would be read as something it is not.
    private static bool IsUtf8(string? contentType)
    {
        if (contentType is null || contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var charset = parsed.Charset.Value?.Trim('"');
        return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    // The exception's own message can name .NET types; the path and position are what a caller needs.
    private static string Describe(JsonException e)
    {
        var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the body" : $"'{e.Path}'";
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column ? $" (line {line + 1}, byte {column + 1})" : "";
        var what = e.Message switch
        {
            var m when m.Contains(NulCharacter.Refusal, StringComparison.Ordinal) => NulCharacter.Refusal,
            var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "is not a field of this call",
            var m when m.Contains("could not be converted", StringComparison.Ordinal) => "has the wrong type or format",
            var m when m.Contains("Duplicate", StringComparison.Ordinal) => "is given more than once",
            _ => "is not valid JSON",
        };
        return $"The value at {at}{where} {what}.";
    }
}
