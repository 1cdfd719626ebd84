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
                DisplayName = errors.Optional("displayName", request.DisplayName),
                Email = errors.Optional("email", request.Email, 320),
                Phone = errors.Optional("phone", request.Phone, 32),
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
                _ => Problems.Conflict("latch.user.exists", $"A user named '{Problems.Shorten(user.UserName)}' already exists."),
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

            var current = await store.FindUserAsync(id, http.RequestAborted);
            if (current is null)
            {
                return Problems.NotFound("user", id);
            }

            var errors = new FieldErrors();
            var updated = new UserRecord
            {
                Pk = current.Pk,
                Id = current.Id,
                UserName = current.UserName,
                DisplayName = errors.Optional("displayName", request!.DisplayName) ?? current.DisplayName,
                Email = errors.Optional("email", request.Email, 320) ?? current.Email,
                Phone = errors.Optional("phone", request.Phone, 32) ?? current.Phone,
                Role = current.Role,
                Risk = current.Risk,
                DefaultMethod = request.DefaultMethod ?? current.DefaultMethod,
                CreatedAt = current.CreatedAt,
            };
            CheckContact(updated, errors);
            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.UserUpdated, id, AuditData.Of(
                ("email", request.Email is null ? null : "changed"), ("phone", request.Phone is null ? null : "changed"), ("defaultMethod", updated.DefaultMethod)));
            return await store.UpdateUserContactAsync(updated, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted)
                ? TypedResults.Ok(UserView.Of(updated))
                : Problems.NotFound("user", id);
        }).AcceptsJson<UpdateUserRequest>().Produces<UserView>().ProducesProblems(400, 404)
          .RequireRoles(Role.Admin).WithSummary("Change a user's contact details or default delivery method (fields left out stay).");

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

    /// <summary>Contact details and the default method, checked the same way on create and update.</summary>
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

    internal static bool IsRiskLevel([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? level) => level is not null && RiskLevels.Contains(level);

    internal static void CheckContact(UserRecord user, FieldErrors errors)
    {
        if (user.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("email", "email must be an address like name@example.com.");
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
