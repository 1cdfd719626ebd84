using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Endpoints;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;

namespace Latch.Server.Ui.Directory;

/// <summary>
/// The directory changes the console makes, validated and audited as the API's endpoints do (same checks, same audit
/// actions and details), so a change reads the same in the audit log whichever surface made it.
/// </summary>
internal sealed class DirectoryActions(ILatchStore store, TimeProvider clock)
{
    public async Task<UiOutcome<string>> AddUserAsync(string? userName, string? displayName, string? email, string? role, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Required("userName", userName?.Trim());
        var display = errors.Optional("displayName", Blank(displayName));
        var mail = errors.Optional("email", Blank(email), 320);
        var user = new UserRecord { Id = PublicId.New(PublicId.User), UserName = name, DisplayName = display, Email = mail, Role = string.IsNullOrWhiteSpace(role) ? null : role, CreatedAt = Now };
        UserEndpoints.CheckNewUser(user, errors);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.UserCreated, user.Id, AuditData.Of(("userName", user.UserName), ("role", user.Role), ("risk", user.Risk)));
        return await store.AddUserAsync(user, audit, ct) is AddResult<UserRecord>.Added
            ? UiOutcome<string>.Ok(user.Id)
            : UiOutcome<string>.Fail(UserEndpoints.NameTaken(name));
    }

    /// <summary>
    /// The console's contact form: checked and audited as PATCH /v1/users/{id}, but an empty field is left as it is (a
    /// form field cannot say null), so this form changes contact details and does not remove them.
    /// </summary>
    public async Task<UiOutcome<string>> UpdateContactAsync(UserRecord current, string? email, string? phone, string? defaultMethod, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var updated = new UserRecord
        {
            Pk = current.Pk,
            Id = current.Id,
            UserName = current.UserName,
            DisplayName = current.DisplayName,
            Email = errors.Optional("email", Blank(email), 320) ?? current.Email,
            Phone = errors.Optional("phone", Blank(phone), 32) ?? current.Phone,
            Role = current.Role,
            Risk = current.Risk,
            DefaultMethod = Blank(defaultMethod) ?? current.DefaultMethod,
            CreatedAt = current.CreatedAt,
        };
        UserEndpoints.CheckContact(updated, errors);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.UserUpdated, current.Id, AuditData.Of(
            ("email", Blank(email) is null ? null : "changed"), ("phone", Blank(phone) is null ? null : "changed"), ("defaultMethod", updated.DefaultMethod)));
        return await store.UpdateUserContactAsync(current, updated, Now, audit, ct) switch
        {
            UpdateUserResult.Updated => UiOutcome<string>.Ok(current.Id),
            UpdateUserResult.NotFound => UiOutcome<string>.Fail("No such user."),
            _ => UiOutcome<string>.Fail("The user was changed at the same moment; nothing was saved. Check the details and save again."),
        };
    }

    /// <summary>As PUT /v1/users/{id}/risk.</summary>
    public async Task<UiOutcome<string>> SetRiskAsync(string userId, string? level, Caller caller, CancellationToken ct)
    {
        if (!UserEndpoints.IsRiskLevel(level))
        {
            return UiOutcome<string>.Fail("The risk level must be none, low, medium or high.");
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.UserRiskSet, userId, AuditData.Of(("level", level)));
        return await store.SetUserRiskAsync(userId, level, Now, audit, ct) ? UiOutcome<string>.Ok(userId) : UiOutcome<string>.Fail("No such user.");
    }

    public async Task<UiOutcome<string>> AddGroupAsync(string? name, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var group = new GroupRecord { Id = PublicId.New(PublicId.Group), Name = errors.Required("name", name?.Trim()), CreatedAt = Now };
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.GroupCreated, group.Id, AuditData.Of(("name", group.Name)));
        return await store.AddGroupAsync(group, audit, ct) is AddResult<GroupRecord>.Added
            ? UiOutcome<string>.Ok(group.Id)
            : UiOutcome<string>.Fail($"A group named '{Problems.Shorten(group.Name)}' already exists.");
    }

    public async Task<UiOutcome<string>> AddMemberAsync(string? groupId, string? userId, Caller caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(groupId) || await store.FindGroupAsync(groupId, ct) is not { } group)
        {
            return UiOutcome<string>.Fail("Choose a group.");
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            return UiOutcome<string>.Fail("Choose a user.");
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.GroupMemberAdded, group.Id, AuditData.Of(("userId", userId)));
        return await store.AddGroupMemberAsync(group.Pk, userId, Now, audit, ct) switch
        {
            AddResult<UserRecord>.Added => UiOutcome<string>.Ok(group.Id),
            AddResult<UserRecord>.MissingReference => UiOutcome<string>.Fail("No such user."),
            _ => UiOutcome<string>.Fail("The user is already a member of this group."),
        };
    }

    public async Task<UiOutcome<string>> AddResourceAsync(string? name, string? kind, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var resource = new ResourceRecord
        {
            Id = PublicId.New(PublicId.Resource),
            Name = errors.Required("name", name?.Trim()),
            Kind = kind ?? "",
            Sensitivity = "medium",
            CreatedAt = Now,
        };
        ResourceEndpoints.CheckKind(resource, errors);

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.ResourceCreated, resource.Id, AuditData.Of(("name", resource.Name), ("kind", resource.Kind)));
        return await store.AddResourceAsync(resource, audit, ct) is AddResult<ResourceRecord>.Added
            ? UiOutcome<string>.Ok(resource.Id)
            : UiOutcome<string>.Fail($"A resource named '{Problems.Shorten(resource.Name)}' already exists.");
    }

    public async Task<UiOutcome<string>> AddLocationAsync(string? name, string? cidrs, bool trusted, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var locationName = errors.Required("name", name?.Trim());
        var ranges = LocationEndpoints.Normalize(Policies.PolicyForm.List(cidrs), errors);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var location = new LocationRecord
        {
            Id = PublicId.New(PublicId.Location),
            Name = locationName,
            Cidrs = JsonSerializer.Serialize(ranges, LatchJson.Default.IReadOnlyListString),
            Trusted = trusted,
            CreatedAt = Now,
        };
        var audit = new AuditDraft(caller.Actor, AuditActions.LocationCreated, location.Id,
            AuditData.Of(("name", locationName), ("cidrs", ranges), ("trusted", trusted)));
        return await store.AddLocationAsync(location, audit, ct) is AddResult<LocationRecord>.Added
            ? UiOutcome<string>.Ok(location.Id)
            : UiOutcome<string>.Fail($"A location named '{Problems.Shorten(locationName)}' already exists.");
    }

    public async Task<UiOutcome<string>> SetComplianceAsync(string deviceId, bool compliant, Caller caller, CancellationToken ct)
    {
        var audit = new AuditDraft(caller.Actor, AuditActions.DeviceComplianceSet, deviceId, AuditData.Of(("compliant", compliant)));
        if (await store.SetDeviceComplianceAsync(deviceId, compliant, Now, audit, ct))
        {
            return UiOutcome<string>.Ok(deviceId);
        }

        return await store.FindDeviceAsync(deviceId, ct) is null
            ? UiOutcome<string>.Fail("No such device.")
            : UiOutcome<string>.Ok(deviceId); // already in that state: nothing to change
    }

    // An empty text box posts "": that means "not given".
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private long Now => clock.GetUtcNow().ToUnixMs();

    private static UiOutcome<string> Invalid(FieldErrors errors) =>
        UiOutcome<string>.Fail("Fix these fields:", [.. errors.All.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]);
}
