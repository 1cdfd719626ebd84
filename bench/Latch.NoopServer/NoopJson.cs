using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latch.NoopServer;

/// <summary>The verify request's shape, as Latch reads it: <c>{resourceId, code, context?}</c>.</summary>
internal sealed record VerifyBody
{
    public string? ResourceId { get; init; }
    public string? Code { get; init; }
    public VerifyBodyContext? Context { get; init; }
}

internal sealed record VerifyBodyContext
{
    public string? UserId { get; init; }
    public string? Ip { get; init; }
    public string? DeviceId { get; init; }
    public string? ClientApp { get; init; }
}

internal sealed record NoopAnswer(bool Granted, string ResourceId);

// Same options as Latch's LatchJson: web defaults, nulls left out, unknown fields refused.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(VerifyBody))]
[JsonSerializable(typeof(NoopAnswer))]
internal sealed partial class NoopJson : JsonSerializerContext;
