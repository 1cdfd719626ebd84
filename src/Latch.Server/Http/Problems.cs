using Microsoft.AspNetCore.Http;

namespace Latch.Server.Http;

/// <summary>The problems Latch answers with. Codes are part of the contract: tests and callers match on them.</summary>
public static class Problems
{
    public static IResult Of(int status, string code, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new ProblemResult(new Problem("urn:latch:problem:" + code, title, status, detail, code, errors));

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Of(400, "latch.request.invalid", "The request has invalid fields.",
            "Fix the fields listed in 'errors' and send the request again.", errors);

    public static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult MalformedJson(string detail) =>
        Of(400, "latch.request.malformed-json", "The request body is not valid JSON for this call.", detail);

    public static IResult TooLarge() =>
        Of(413, "latch.request.too-large", "The request body is too large.", "Send a smaller body; Latch's requests are small JSON objects.");

    /// <summary>A body the server could not read to its end: too large, arriving too slowly, or framed wrongly.</summary>
    public static IResult UnreadableBody(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge(),
        StatusCodes.Status408RequestTimeout => Of(408, "latch.request.body-timeout", "The request body arrived too slowly.",
            "Send the whole body at once; Latch's requests are small JSON objects."),
        StatusCodes.Status400BadRequest => Of(400, "latch.request.unreadable-body", "The request body could not be read.",
            "The bytes sent do not match the body's framing (Content-Length or chunked Transfer-Encoding)."),
        var status => Of(status is >= 400 and < 500 ? status : 400, "latch.request.bad", "The request could not be read.",
            "Check the request's headers and body against /openapi/v1.json."),
    };

    /// <summary>The <see cref="BadHttpRequestException"/> behind an exception, if any: some readers wrap it.</summary>
    public static BadHttpRequestException? BadRequestBehind(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }

    public static IResult NotJson() =>
        Of(415, "latch.request.unsupported-media-type", "The body must be JSON.", "Send the body with 'Content-Type: application/json'.");

    public static IResult NotFound(string kind, string id) =>
        Of(404, $"latch.{kind}.not-found", $"No such {kind}.", $"There is no {kind} with id '{Shorten(id)}'.");

    public static IResult Conflict(string code, string detail) => Of(409, code, "The request conflicts with what is stored.", detail);

    public static IResult Unauthorized() =>
        Of(401, "latch.auth.missing-key", "A valid API key is required.", "Send 'Authorization: Bearer <api key>' with a valid, unrevoked key.");

    public static IResult Forbidden(string role) =>
        Of(403, "latch.auth.forbidden", "This API key may not do that.", $"The key's role '{role}' is not allowed to call this endpoint.");

    /// <summary>Echoes at most a short prefix of caller-supplied text: enough to recognize, never a dump.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
