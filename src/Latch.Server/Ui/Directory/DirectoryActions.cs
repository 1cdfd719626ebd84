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
    /// The console's contact form, checked and audited as PATCH /v1/users/{id}. A form field cannot say null, so an empty
    /// field leaves the detail as it is and a ticked "remove" (or the default method "none") removes it.
    /// </summary>
    public async Task<UiOutcome<string>> UpdateContactAsync(UserRecord current, ContactEdit edit, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var updated = new UserRecord
        {
            Pk = current.Pk,
            Id = current.Id,
            UserName = current.UserName,
            DisplayName = current.DisplayName,
            Email = Edit(errors, "email", edit.Email, edit.RemoveEmail, current.Email, 320),
            Phone = Edit(errors, "phone", edit.Phone, edit.RemovePhone, current.Phone, 32),
            Role = current.Role,
            Risk = current.Risk,
            DefaultMethod = Blank(edit.DefaultMethod) switch { null => current.DefaultMethod, NoMethod => null, var method => method },
            CreatedAt = current.CreatedAt,
        };
        UserEndpoints.CheckContact(updated, errors);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var audit = new AuditDraft(caller.Actor, AuditActions.UserUpdated, current.Id, AuditData.Of(
            ("email", Change(edit.Email, edit.RemoveEmail)), ("phone", Change(edit.Phone, edit.RemovePhone)),
            ("defaultMethod", updated.DefaultMethod ?? (Blank(edit.DefaultMethod) == NoMethod ? UserEndpoints.Removed : null))));
        return await store.UpdateUserContactAsync(current, updated, Now, audit, ct) switch
        {
            UpdateUserResult.Updated => UiOutcome<string>.Ok(current.Id),
            UpdateUserResult.NotFound => UiOutcome<string>.Fail("No such user."),
            _ => UiOutcome<string>.Fail("The user was changed at the same moment; nothing was saved. Check the details and save again."),
        };
    }

    /// <summary>The default-method choice that removes it.</summary>
    public const string NoMethod = "none";

    private static string? Edit(FieldErrors errors, string field, string? value, bool remove, string? current, int max)
    {
        if (remove && Blank(value) is not null)
        {
            errors.Add(field, $"Give a new {field} or remove it, not both.");
        }

        return remove ? null : errors.Optional(field, Blank(value), max) ?? current;
    }

    private static string? Change(string? value, bool remove) => remove ? UserEndpoints.Removed : Blank(value) is null ? null : "changed";

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

/// <summary>What the console's contact form asks: a new value, or the removal of a detail (not both).</summary>
internal sealed record ContactEdit(string? Email, bool RemoveEmail, string? Phone, bool RemovePhone, string? DefaultMethod);
