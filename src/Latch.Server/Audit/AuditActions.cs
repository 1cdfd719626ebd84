namespace Latch.Server.Audit;

/// <summary>The audit log's action names (stable: auditors filter on them).</summary>
internal static class AuditActions
{
    public const string ApiKeyCreated = "apiKey.created";
    public const string ApiKeyRevoked = "apiKey.revoked";
    public const string UserCreated = "user.created";
    public const string UserRiskSet = "user.riskSet";
    public const string UserUpdated = "user.updated";
    public const string GroupCreated = "group.created";
    public const string GroupMemberAdded = "group.memberAdded";
    public const string ResourceCreated = "resource.created";
    public const string DeviceCreated = "device.created";
    public const string LocationCreated = "location.created";
    public const string CodeIssued = "code.issued";
    public const string CodeDelivered = "code.delivered";
    public const string DeliveryFailed = "delivery.failed";
    public const string CodeVerified = "code.verified";
    public const string CodeRevoked = "code.revoked";
    public const string CodesRevokedForUser = "code.revokedForUser";
    public const string CodesRevokedAtResource = "code.revokedAtResource";
    public const string ThrottleEngaged = "throttle.engaged";
    public const string VisitScheduled = "visit.scheduled";
    public const string VisitCancelled = "visit.cancelled";
    public const string PolicyCreated = "policy.created";
    public const string PolicyUpdated = "policy.updated";
    public const string PolicyDeleted = "policy.deleted";
    public const string ChallengeSent = "challenge.sent";
    public const string SessionStarted = "session.started";
    public const string SessionRevoked = "session.revoked";
    public const string PushSent = "push.sent";
    public const string PushApproved = "push.approved";
    public const string PushDenied = "push.denied";
    public const string PushWrongNumber = "push.wrongNumber";
    public const string AuthenticatorEnrolled = "authenticator.enrolled";
    public const string AuthenticatorActivated = "authenticator.activated";
    public const string AuthenticatorDeleted = "authenticator.deleted";
    public const string AuthenticatorUsed = "authenticator.used";
    public const string DeviceComplianceSet = "device.complianceSet";
    public const string ConsoleAccountCreated = "consoleAccount.created";
    public const string ConsoleSignedIn = "console.signedIn";
    public const string ConsoleSignInFailed = "console.signInFailed";
    public const string PortalSignedIn = "portal.signedIn";
    public const string DoorOpen = "door.open";
    public const string DoorDeny = "door.deny";
    public const string DoorOfflineOpen = "door.offline.open";
    public const string DoorOfflineDeny = "door.offline.deny";
    public const string DoorLockout = "door.lockout";
    public const string DoorSync = "door.sync";
    public const string DoorConfigChanged = "door.configChanged";
    public const string DoorKeyRotated = "door.keyRotated";
    public const string ControllerAdded = "controller.added";
    public const string ControllerRemoved = "controller.removed";
    public const string ControllerCertificateIssued = "controller.certificateIssued";
}
