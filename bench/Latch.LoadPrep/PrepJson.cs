using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latch.LoadPrep;

internal sealed record IssueRequest(string UserId, string ResourceId, int TtlSeconds, int Length);

internal sealed record Issued(string Id, string Code);

internal sealed record VerifyBody(string ResourceId, string Code);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IssueRequest))]
[JsonSerializable(typeof(Issued))]
[JsonSerializable(typeof(VerifyBody))]
internal sealed partial class PrepJson : JsonSerializerContext;
