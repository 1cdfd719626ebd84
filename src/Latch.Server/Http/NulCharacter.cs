using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Http;

/// <summary>
/// U+0000 in a request value: no id or name in Latch holds one, PostgreSQL cannot store one in text, and tools written
/// in C cut strings at it. JSON strings and query values carrying one get 400 naming the field, on either store.
/// </summary>
internal static class NulCharacter
{
    public const string Refusal = "contains the character U+0000, which Latch does not accept";

    /// <summary>Refuses a query whose values or names decode to U+0000 (only <c>%00</c> does: Kestrel refuses a raw one).</summary>
    public static void UseNulRefusingQuery(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var query = context.Request.QueryString;
            if (!query.HasValue || !query.Value!.Contains("%00", StringComparison.Ordinal))
            {
                return next(context);
            }

            var errors = context.Request.Query
                .Where(p => p.Key.Contains('\0', StringComparison.Ordinal) || p.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                .Select(p => p.Key.Contains('\0', StringComparison.Ordinal) ? "query" : p.Key)
                .Distinct()
                .ToDictionary(name => name, name => new[] { $"{(name == "query" ? "A query parameter's name" : name)} {Refusal}." });
            return errors.Count == 0 ? next(context) : Problems.Invalid(errors).ExecuteAsync(context);
        });

    /// <summary>
    /// What PostgreSQL answers for text it cannot store (SQLSTATE 22021, also 22P05), from any value that reaches it
    /// unchecked (a form field, say): the caller's fault, so a 400 rather than a 500.
    /// </summary>
    public static bool IsBehind(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: "22021" or "22P05" })
            {
                return true;
            }
        }

        return false;
    }

    public static IResult Problem() =>
        Problems.Of(400, "latch.request.invalid", "The request is not valid.", $"A value in the request {Refusal}.");
}

/// <summary>Reads JSON strings for <see cref="LatchJson"/>, refusing one that holds U+0000 (<see cref="NulCharacter"/>).</summary>
internal sealed class NulRefusingStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys (a problem's errors, for one) go through these.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Checked(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(NulCharacter.Refusal) : value;
}
