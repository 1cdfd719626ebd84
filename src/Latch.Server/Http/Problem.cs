using System.Text.Json.Serialization;

namespace Latch.Server.Http;

/// <summary>An RFC 9457 problem document with Latch's stable <see cref="Code"/> (e.g. <c>latch.code.expired</c>).</summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
