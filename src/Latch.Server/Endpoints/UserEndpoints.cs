using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Access;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Directory");

        users.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateUserRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var user = new UserRecord
            {
                Id = PublicId.New(PublicId.User),
                UserName = errors.Required("userName", request!.UserName),
                DisplayName = errors.OptionalNotBlank("displayName", request.DisplayName, LeaveOut),
                Email = errors.OptionalNotBlank("email", request.Email, LeaveOut, 320),
                Phone = errors.OptionalNotBlank("phone", request.Phone, LeaveOut, 32),
                Role = request.Role,
                Risk = request.Risk ?? "none",
                DefaultMethod = request.DefaultMethod,
                CreatedAt = clock.GetUtcNow().ToUnixMs(),
            };
            CheckNewUser(user, errors);
            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.UserCreated, user.Id,
                AuditData.Of(("userName", user.UserName), ("role", user.Role), ("risk", user.Risk)));
            return await store.AddUserAsync(user, audit, http.RequestAborted) switch
            {
                AddResult<UserRecord>.Added added => TypedResults.Created($"/v1/users/{added.Row.Id}", UserView.Of(added.Row)),
                _ => Problems.Conflict("latch.user.exists", NameTaken(user.UserName)),
            };
        }).AcceptsJson<CreateUserRequest>().Produces<UserView>(201).ProducesProblems(400, 409)
          .RequireRoles(Role.Admin).WithSummary("Create a user.");

        users.MapGet("", async (ILatchStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListUsersAsync(1000, ct)).Select(UserView.Of).ToList()))
            .RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("Users, oldest first (at most 1000).");

        users.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindUserAsync(id, ct) is { } user ? TypedResults.Ok(UserView.Of(user)) : Problems.NotFound("user", id))
            .Produces<UserView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One user.");

        users.MapPatch("/{id}", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.UpdateUserRequest);
            if (problem is not null)
            {
                return problem;
            }

            // The patch applies to the user as stored when it is written: if another change lands between the reading
            // and the writing, read again and apply the patch to that.
            for (var attempt = 1; ; attempt++)
            {
                var current = await store.FindUserAsync(id, http.RequestAborted);
                if (current is null)
                {
                    return Problems.NotFound("user", id);
                }

                var (updated, errors) = Apply(request!, current);
                if (errors.Any)
                {
                    return Problems.Invalid(errors.All);
                }

                // Contact details are personal data: the audit entry says which were changed or removed, never their values.
                var audit = new AuditDraft(http.Caller().Actor, AuditActions.UserUpdated, id, AuditData.Of(
                    ("displayName", Change(request!.DisplayName)), ("email", Change(request.Email)), ("phone", Change(request.Phone)),
                    ("defaultMethod", updated.DefaultMethod ?? (request.DefaultMethod.Removes ? Removed : null))));
                switch (await store.UpdateUserContactAsync(current, updated, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted))
                {
                    case UpdateUserResult.Updated:
                        return TypedResults.Ok(UserView.Of(updated));
                    case UpdateUserResult.NotFound:
                        return Problems.NotFound("user", id);
                    case UpdateUserResult.ChangedMeanwhile when attempt == PatchAttempts:
                        return Problems.Conflict("latch.user.changed-meanwhile",
                            $"The user kept changing while this change was applied ({PatchAttempts} tries); nothing was changed. Send it again.");
                }
            }
        }).AcceptsJson<UpdateUserRequest>().Produces<UserView>().ProducesProblems(400, 404, 409)
          .RequireRoles(Role.Admin).WithSummary("Change or remove a user's display name, contact details or default delivery method.")
          .WithDescription("A JSON Merge Patch (RFC 7396): a field left out stays as it is, null removes it, a value replaces it " +
              "(checked as on create). An empty or blank value is refused: send null to remove. userName cannot be changed or removed. " +
              "A removed email or phone stops the methods that need it: challenges no longer offer them and codes are not delivered by them.");

        users.MapPut("/{id}/risk", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.SetRiskRequest);
            if (problem is not null)
            {
                return problem;
            }

            if (request!.Level is not { } level || !IsRiskLevel(level))
            {
                return Problems.Invalid("level", "level must be one of none, low, medium, high.");
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.UserRiskSet, id, AuditData.Of(("level", level)));
            return await store.SetUserRiskAsync(id, level, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted)
                && await store.FindUserAsync(id, http.RequestAborted) is { } user
                ? TypedResults.Ok(UserView.Of(user))
                : Problems.NotFound("user", id);
        }).AcceptsJson<SetRiskRequest>().Produces<UserView>().ProducesProblems(400, 404)
          .RequireRoles(Role.Admin).WithSummary("Set a user's risk level (a policy condition).");
    }

    private const string LeaveOut = "leave it out to have none";
    private const int PatchAttempts = 5;
    internal const string Removed = "removed";

    /// <summary>
    /// One optional text of a merge patch: left out keeps <paramref name="current"/>, null removes it, a value is checked
    /// as on create (a blank one is refused: it would read as neither a value nor a removal).
    /// </summary>
    private static string? Patch(FieldErrors errors, string field, PatchField patch, string? current, int max = 200) =>
        patch.Given ? errors.OptionalNotBlank(field, patch.Value, "send null to remove it", max) : current;

    internal static string NameTaken(string userName) =>
        $"A user named '{Problems.Shorten(userName)}' already exists (names that differ only in case or character width are one name).";

    /// <summary>The user as <paramref name="patch"/> leaves <paramref name="current"/>, and what is wrong with the patch.</summary>
    private static (UserRecord Updated, FieldErrors Errors) Apply(UpdateUserRequest patch, UserRecord current)
    {
        var errors = new FieldErrors();
        if (patch.UserName.Given)
        {
            errors.Add("userName", patch.UserName.Removes ? "userName is required and cannot be removed." : "userName cannot be changed.");
        }

        var updated = new UserRecord
        {
            Pk = current.Pk,
            Id = current.Id,
            UserName = current.UserName,
            DisplayName = Patch(errors, "displayName", patch.DisplayName, current.DisplayName),
            Email = Patch(errors, "email", patch.Email, current.Email, 320),
            Phone = Patch(errors, "phone", patch.Phone, current.Phone, 32),
            Role = current.Role,
            Risk = current.Risk,
            DefaultMethod = patch.DefaultMethod.Apply(current.DefaultMethod),
            CreatedAt = current.CreatedAt,
        };
        CheckContact(updated, errors);
        return (updated, errors);
    }

    /// <summary>What the audit entry says about a field: "changed", "removed", or nothing when it was left out.</summary>
    private static string? Change(PatchField patch) => !patch.Given ? null : patch.Removes ? Removed : "changed";

    /// <summary>The checks a new user passes, whichever surface creates it: contact details, role and risk.</summary>
    internal static void CheckNewUser(UserRecord user, FieldErrors errors)
    {
        CheckContact(user, errors);
        if (user.Role is { } role && !PersonRoles.Contains(role))
        {
            errors.Add("role", "role must be one of admin, operator, auditor.");
        }

        if (!IsRiskLevel(user.Risk))
        {
            errors.Add("risk", "risk must be one of none, low, medium, high.");
        }
    }

    // Exactly what the email channel will mail to: "a@x.org, b@y.org" would be read as b@y.org alone.
    private static bool IsPlainAddress(string email) =>
        System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.DisplayName.Length == 0;

    internal static bool IsRiskLevel([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? level) => level is not null && RiskLevels.Contains(level);

    /// <summary>Contact details and the default method, checked the same way on create and update.</summary>
    internal static void CheckContact(UserRecord user, FieldErrors errors)
    {
        if (user.Email is { } email && !IsPlainAddress(email))
        {
            errors.Add("email", "email must be one address like name@example.com, without a name or a second address.");
        }

        if (user.Phone is { } phone && !IsPhone(phone))
        {
            errors.Add("phone", "phone must be in international form, like +4930123456.");
        }

        if (user.DefaultMethod is { } method && !ChallengeMethods.Known.Contains(method))
        {
            errors.Add("defaultMethod", $"defaultMethod must be one of {string.Join(", ", ChallengeMethods.Known)}.");
        }
    }

    private static readonly string[] PersonRoles = ["admin", "operator", "auditor"];

    private static readonly string[] RiskLevels = ["none", "low", "medium", "high"];

    private static bool IsPhone(string phone) =>
        phone.Length is >= 8 and <= 16 && phone[0] == '+' && phone.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
