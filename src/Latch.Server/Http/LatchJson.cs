using System.Text.Json;
using System.Text.Json.Serialization;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Authenticators;
using Latch.Server.Codes;
using Latch.Server.Delivery;
using Latch.Server.Doors;
using Latch.Server.Endpoints;
using Latch.Server.Policies;
using Latch.Server.Grants;

namespace Latch.Server.Http;

/// <summary>
/// Source-generated JSON for every request and answer: camelCase, nulls left out, unknown fields refused so a
/// misspelt field is an error rather than a silently ignored setting, and a field given twice refused so that no
/// proxy or client library in front of Latch can read a request differently from Latch. A string holding U+0000 is
/// refused too (<see cref="NulCharacter"/>).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    Converters = [typeof(NulRefusingStringConverter)])]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(List<ApiKeyView>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserView))]
[JsonSerializable(typeof(SetRiskRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
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
[JsonSerializable(typeof(DeliveryQueued))]
[JsonSerializable(typeof(DeliveryStatusView))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(AuditEntryView))]
[JsonSerializable(typeof(PolicyDocument))]
[JsonSerializable(typeof(List<PolicyDocument>))]
[JsonSerializable(typeof(List<PolicyVersionView>))]
[JsonSerializable(typeof(EvaluateRequest))]
[JsonSerializable(typeof(EvaluationView))]
[JsonSerializable(typeof(IReadOnlyList<PolicyVerdictView>))]
[JsonSerializable(typeof(RequestFacts))]
[JsonSerializable(typeof(SendChallengeRequest))]
[JsonSerializable(typeof(ChallengeSent))]
[JsonSerializable(typeof(VerifyChallengeRequest))]
[JsonSerializable(typeof(ChallengeVerdictView))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(RevokeSessionRequest))]
[JsonSerializable(typeof(SignInView))]
[JsonSerializable(typeof(SignInPage))]
[JsonSerializable(typeof(ImpactRequest))]
[JsonSerializable(typeof(ImpactView))]
[JsonSerializable(typeof(Latch.Server.Delivery.Sms.SmsWebhook))]
[JsonSerializable(typeof(Latch.Server.Delivery.Push.PushNotification))]
[JsonSerializable(typeof(Latch.Server.Delivery.Push.PushResponse))]
[JsonSerializable(typeof(PushSent))]
[JsonSerializable(typeof(PushAnswered))]
[JsonSerializable(typeof(Latch.Server.Visits.ScheduleVisitRequest))]
[JsonSerializable(typeof(List<Latch.Server.Visits.VisitView>))]
[JsonSerializable(typeof(JwksDocument))]
[JsonSerializable(typeof(EnrollTotpRequest))]
[JsonSerializable(typeof(TotpEnrolled))]
[JsonSerializable(typeof(ActivateAuthenticatorRequest))]
[JsonSerializable(typeof(AuthenticatorView))]
[JsonSerializable(typeof(List<AuthenticatorView>))]
[JsonSerializable(typeof(CreateControllerRequest))]
[JsonSerializable(typeof(ControllerCreated))]
[JsonSerializable(typeof(EnrollCertificateRequest))]
[JsonSerializable(typeof(CertificateIssued))]
[JsonSerializable(typeof(DoorConfigRequest))]
[JsonSerializable(typeof(DoorConfigView))]
[JsonSerializable(typeof(DoorView))]
[JsonSerializable(typeof(List<DoorView>))]
[JsonSerializable(typeof(KeyRotated))]
[JsonSerializable(typeof(TwinView))]
[JsonSerializable(typeof(ReportStateRequest))]
[JsonSerializable(typeof(StateReported))]
[JsonSerializable(typeof(UnlockRequest))]
[JsonSerializable(typeof(UnlockOpened))]
[JsonSerializable(typeof(UnlockDenied))]
[JsonSerializable(typeof(UploadEventsRequest))]
[JsonSerializable(typeof(EventsAccepted))]
internal sealed partial class LatchJson : JsonSerializerContext;
