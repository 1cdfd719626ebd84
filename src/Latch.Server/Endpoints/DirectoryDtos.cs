using System.ComponentModel;
using Latch.Server.Http;
using Latch.Storage.Access;
using Latch.Storage.Directory;

namespace Latch.Server.Endpoints;

// Requests carry nullable fields so a missing one is reported by name rather than as a parse error.

public sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }

    /// <summary>admin, operator, auditor, app or device.</summary>
    public string? Role { get; init; }

    // In the OpenAPI document (which does not read XML comments).
    [Description("Required for the device role, refused for the others: the resource the device key is bound to. "
        + "It verifies codes there only; elsewhere it gets 403 latch.device.not-your-resource.")]
    public string? ResourceId { get; init; }
}

/// <summary>A new API key; <c>key</c> is in this answer only.</summary>
public sealed record ApiKeyCreated(
    string Id, string Name, string Role, string Key, DateTimeOffset CreatedAt,
    [property: Description("The resource a device key is bound to; absent for the other roles.")] string? ResourceId = null);

/// <summary>An API key as listed: never the key itself, which only its creation answer holds.</summary>
public sealed record ApiKeyView(
    string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt,
    [property: Description("The resource a device key is bound to; absent for the other roles.")] string? ResourceId,
    [property: Description("The door controller whose key this is, and its door; absent for keys made with POST /v1/api-keys.")] string? ControllerId,
    string? DoorId)
{
    public static ApiKeyView Of(ApiKeyRecord k) => new(k.Id, k.Name, k.Role, DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAt),
        k.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null, k.ResourceId, k.ControllerId, k.ControllerDoorId);
}

public sealed record CreateUserRequest
{
    public string? UserName { get; init; }
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    /// <summary>admin, operator or auditor: the Latch role the person holds (lock-out protection counts admins).</summary>
    public string? Role { get; init; }

    /// <summary>User risk: none (default), low, medium or high.</summary>
    public string? Risk { get; init; }

    /// <summary>The delivery method the person prefers: outbox, email, sms, push or totp.</summary>
    public string? DefaultMethod { get; init; }
}

/// <summary>
/// A JSON Merge Patch (RFC 7396) of a user: a field left out keeps its value, null removes it, a value replaces it.
/// </summary>
public sealed record UpdateUserRequest
{
    /// <summary>Known only to refuse it by name: a user's name is required and cannot be changed or removed.</summary>
    public PatchField UserName { get; init; }

    public PatchField DisplayName { get; init; }
    public PatchField Email { get; init; }
    public PatchField Phone { get; init; }

    /// <summary>outbox, email, sms, push or totp; null removes the preference.</summary>
    public PatchField DefaultMethod { get; init; }
}

public sealed record UserView(
    string Id, string UserName, string? DisplayName, string? Email, string? Phone, string? Role, string Risk, string? DefaultMethod, DateTimeOffset CreatedAt)
{
    public static UserView Of(UserRecord u) =>
        new(u.Id, u.UserName, u.DisplayName, u.Email, u.Phone, u.Role, u.Risk, u.DefaultMethod, DateTimeOffset.FromUnixTimeMilliseconds(u.CreatedAt));
}

public sealed record SetRiskRequest
{
    public string? Level { get; init; }
}

public sealed record CreateGroupRequest
{
    public string? Name { get; init; }
}

public sealed record GroupView(string Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<string>? Members = null)
{
    public static GroupView Of(GroupRecord g, IReadOnlyList<string>? members = null) =>
        new(g.Id, g.Name, DateTimeOffset.FromUnixTimeMilliseconds(g.CreatedAt), members);
}

public sealed record AddMemberRequest
{
    public string? UserId { get; init; }
}

public sealed record GroupMemberAdded(string GroupId, string UserId);

public sealed record CreateResourceRequest
{
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Sensitivity { get; init; }
}

public sealed record ResourceView(string Id, string Name, string Kind, string Sensitivity, DateTimeOffset CreatedAt)
{
    public static ResourceView Of(ResourceRecord r) =>
        new(r.Id, r.Name, r.Kind, r.Sensitivity, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt));
}

public sealed record CreateDeviceRequest
{
    public string? Name { get; init; }
    public string? OwnerId { get; init; }
    public string? Platform { get; init; }
    public bool? Compliant { get; init; }
    public string? Fingerprint { get; init; }
}

public sealed record DeviceView(string Id, string Name, string? OwnerId, string? Platform, bool Compliant, string? Fingerprint, DateTimeOffset CreatedAt)
{
    public static DeviceView Of(DeviceRecord d) =>
        new(d.Id, d.Name, d.OwnerId, d.Platform, d.Compliant, d.Fingerprint, DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt));
}

public sealed record CreateLocationRequest
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? Cidrs { get; init; }
    public bool? Trusted { get; init; }
}

public sealed record LocationView(string Id, string Name, IReadOnlyList<string> Cidrs, bool Trusted, DateTimeOffset CreatedAt);
