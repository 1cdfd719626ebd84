using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class GroupEndpoints
{
    public static void MapGroups(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/v1/groups").WithTags("Directory");

        groups.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateGroupRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var group = new GroupRecord { Id = PublicId.New(PublicId.Group), Name = errors.Required("name", request!.Name), CreatedAt = clock.GetUtcNow().ToUnixMs() };
            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.GroupCreated, group.Id, AuditData.Of(("name", group.Name)));
            return await store.AddGroupAsync(group, audit, http.RequestAborted) switch
            {
                AddResult<GroupRecord>.Added added => TypedResults.Created($"/v1/groups/{added.Row.Id}", GroupView.Of(added.Row)),
                _ => Problems.Conflict("latch.group.exists", $"A group named '{Problems.Shorten(group.Name)}' already exists."),
            };
        }).AcceptsJson<CreateGroupRequest>().Produces<GroupView>(201).ProducesProblems(400, 409)
          .RequireRoles(Role.Admin).WithSummary("Create a group.");

        groups.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
        {
            var group = await store.FindGroupAsync(id, ct);
            if (group is null)
            {
                return Problems.NotFound("group", id);
            }

            var members = await store.ListGroupMembersAsync(group.Pk, ct);
            return TypedResults.Ok(GroupView.Of(group, [.. members.Select(m => m.Id)]));
        }).Produces<GroupView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One group with its members' ids.");

        groups.MapPost("/{id}/members", async (string id, HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.AddMemberRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var userId = errors.Required("userId", request!.UserId);
            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var group = await store.FindGroupAsync(id, http.RequestAborted);
            if (group is null)
            {
                return Problems.NotFound("group", id);
            }

            var audit = new AuditDraft(http.Caller().Actor, AuditActions.GroupMemberAdded, group.Id, AuditData.Of(("userId", userId)));
            return await store.AddGroupMemberAsync(group.Pk, userId, clock.GetUtcNow().ToUnixMs(), audit, http.RequestAborted) switch
            {
                AddResult<UserRecord>.Added => TypedResults.Created($"/v1/groups/{group.Id}", new GroupMemberAdded(group.Id, userId)),
                AddResult<UserRecord>.MissingReference => Problems.NotFound("user", userId),
                _ => Problems.Conflict("latch.group.already-member", "The user is already a member of this group."),
            };
        }).AcceptsJson<AddMemberRequest>().Produces<GroupMemberAdded>(201).ProducesProblems(400, 404, 409)
          .RequireRoles(Role.Admin).WithSummary("Add a user to a group.");
    }
}
