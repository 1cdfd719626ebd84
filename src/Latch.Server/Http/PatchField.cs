using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latch.Server.Http;

/// <summary>
/// One text member of a JSON Merge Patch (RFC 7396): left out (<see cref="Given"/> false: the value stays), null (the
/// value is removed) or a string (the value is replaced). A plain <c>string?</c> cannot tell the first two apart.
/// </summary>
[JsonConverter(typeof(PatchFieldConverter))]
public readonly record struct PatchField(bool Given, string? Value)
{
    /// <summary>The member was given as null: remove the value.</summary>
    public bool Removes => Given && Value is null;

    /// <summary>The value after the patch: the given one when the member is present, else <paramref name="current"/>.</summary>
    public string? Apply(string? current) => Given ? Value : current;
}

/// <summary>Reads a <see cref="PatchField"/>: null or a string; anything else is the serializer's "wrong type" error, with its path.</summary>
internal sealed class PatchFieldConverter : JsonConverter<PatchField>
{
    // RFC 7396 section 2: a null member means "remove", so the converter must see it (a member left out never reaches it).
    public override bool HandleNull => true;

    public override PatchField Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => new(true, null),
        JsonTokenType.String => new(true, reader.GetString()),
        // Without a message the serializer reports "could not be converted" with the JSON path and position.
        _ => throw new JsonException(),
    };

    /// <summary>The OpenAPI schema of a patch member (the document generator cannot see through a custom converter).</summary>
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(PatchField))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Description = "Left out: stays as it is. null: removed. A string: replaces the value.";
        }

        return Task.CompletedTask;
    }

    public override void Write(Utf8JsonWriter writer, PatchField value, JsonSerializerOptions options)
    {
        if (value.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
