using System.Text.Json;
using System.Text.Json.Serialization;
using Latch.Server.Audit;
using Latch.Server.Codes;
using Latch.Server.Delivery;
using Latch.Server.Endpoints;
using Latch.Server.Grants;

namespace Latch.Server.Http;

/// <summary>
/// Source-generated JSON for every request and answer: camelCase, nulls left out, and unknown fields refused so
/// a misspelt field is an error rather than a silently ignored setting.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserView))]
[JsonSerializable(typeof(List<UserView>))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(GroupView))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(GroupMemberAdded))]
[JsonSerializable(typeof(CreateResourceRequest))]
[JsonSerializable(typeof(ResourceView))]
[JsonSerializable(typeof(List<ResourceView>))]
[JsonSerializable(typeof(CreateDeviceRequest))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(CreateLocationRequest))]
[JsonSerializable(typeof(LocationView))]
[JsonSerializable(typeof(List<LocationView>))]
[JsonSerializable(typeof(IssueCodeRequest))]
[JsonSerializable(typeof(CodeIssued))]
[JsonSerializable(typeof(VerifyCodeRequest))]
[JsonSerializable(typeof(CodeGranted))]
[JsonSerializable(typeof(CodeDenied))]
[JsonSerializable(typeof(CodeView))]
[JsonSerializable(typeof(RevokedCount))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(AuditVerification))]
[JsonSerializable(typeof(OutboxMessage))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(AuditEntryView))]
[JsonSerializable(typeof(JwksDocument))]
internal sealed partial class LatchJson : JsonSerializerContext;
