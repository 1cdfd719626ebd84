using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Policies;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Policies;

/// <summary>
/// Saves policies: validates the document and the ids it names, refuses a change that would lock every admin out
/// (unless forced), and stores the normalized document as a new version with its audit entry.
/// </summary>
internal sealed class PolicyEditor(ILatchStore store, PolicyCatalog catalog, TimeProvider clock)
{
    public async Task<IResult> CreateAsync(PolicyDocument document, bool force, Caller caller, CancellationToken ct)
    {
        if (document.Id is not null)
        {
            return Problems.Invalid("id", "Latch assigns the id; leave it out when creating a policy (or PUT to /v1/policies/{id}).");
        }

        var (definition, problem) = await ValidateAsync(document, ct);
        if (problem is not null)
        {
            return problem;
        }

        var id = PublicId.New(PublicId.Policy);
        var lockout = await LockoutAsync(new Policy(id, 1, definition!), force, ct);
        if (lockout is not null)
        {
            return lockout;
        }

        var now = clock.GetUtcNow().ToUnixMs();
        var record = new PolicyRecord
        {
            Id = id,
            Name = definition!.Name,
            Version = 1,
            Document = Serialize(definition),
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = caller.Actor,
        };
        var audit = Audit(caller, AuditActions.PolicyCreated, id, definition, 1, force);
        return await store.CreatePolicyAsync(record, audit, ct) switch
        {
            SavePolicyResult.Saved saved => TypedResults.Created($"/v1/policies/{id}", View(saved.Policy, definition)),
            _ => NameTaken(definition.Name),
        };
    }

    public async Task<IResult> ReplaceAsync(string id, PolicyDocument document, bool force, Caller caller, CancellationToken ct)
    {
        if (document.Id is not null && document.Id != id)
        {
            return Problems.Invalid("id", "The document's id differs from the one in the URL.");
        }

        if (await store.FindPolicyAsync(id, ct) is null)
        {
            return Problems.NotFound("policy", id);
        }

        var (definition, problem) = await ValidateAsync(document, ct);
        if (problem is not null)
        {
            return problem;
        }

        var lockout = await LockoutAsync(new Policy(id, 0, definition!), force, ct);
        if (lockout is not null)
        {
            return lockout;
        }

        var audit = Audit(caller, AuditActions.PolicyUpdated, id, definition!, document.Version, force);
        var result = await store.UpdatePolicyAsync(id, definition!.Name, Serialize(definition), document.Version,
            clock.GetUtcNow().ToUnixMs(), caller.Actor, audit, ct);
        return result switch
        {
            SavePolicyResult.Saved saved => TypedResults.Ok(View(saved.Policy, definition)),
            SavePolicyResult.NameTaken => NameTaken(definition.Name),
            SavePolicyResult.VersionMismatch m => Problems.Conflict("latch.policy.version-mismatch",
                $"The policy is at version {m.Current}, not {document.Version}: read it again, reapply your change, and save."),
            _ => Problems.NotFound("policy", id),
        };
    }

    /// <summary>Reads and checks a document (drafts for What-If and impact too); the problem names every bad field.</summary>
    public async Task<(PolicyDefinition? Definition, IResult? Problem)> ValidateAsync(PolicyDocument document, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var definition = PolicyDocuments.Read(document, errors);
        if (definition is null)
        {
            return (null, Problems.Invalid(errors.All));
        }

        foreach (var (field, kind, id) in PolicyDocuments.References(definition))
        {
            if (!await ExistsAsync(kind, id, ct))
            {
                errors.Add(field, $"There is no {kind} with id '{id}'.");
            }
        }

        return errors.Any
            ? (null, Problems.Of(400, "latch.policy.unknown-reference", "The policy names ids that do not exist.",
                "Create them first or remove them from the policy; 'errors' lists each one.", errors.All))
            : (definition, null);
    }

    public static PolicyDocument View(PolicyRecord record, PolicyDefinition definition) =>
        PolicyDocuments.Write(definition, record.Id, record.Version) with
        {
            UpdatedAt = Instants.FromUnixMs(record.UpdatedAt),
            UpdatedBy = record.UpdatedBy,
        };

    public static string Serialize(PolicyDefinition definition) =>
        JsonSerializer.Serialize(PolicyDocuments.Write(definition), LatchJson.Default.PolicyDocument);

    /// <summary>SPEC "Policy semantics": saving a policy that would block every admin is refused unless forced.</summary>
    private async Task<IResult?> LockoutAsync(Policy candidate, bool force, CancellationToken ct)
    {
        if (force || candidate.Definition is not { State: PolicyState.Enabled, Grant.Block: true })
        {
            return null;
        }

        var admins = await store.ListAdminsAsync(ct);
        var current = await catalog.CurrentAsync(ct);
        var policies = PolicyCatalog.WithDrafts(current, [candidate], draftsOnly: false).Set.Policies;
        var lockout = AdminLockout.Check(policies, [.. admins.Select(a => new AdminPrincipal(a.UserId, a.GroupIds))]);
        if (!lockout.AllAdminsBlocked)
        {
            return null;
        }

        return Problems.Of(409, "latch.policy.lockout", "This change would lock every admin out.",
            $"With it, enabled blocking policies would block all {admins.Count} admin user(s) on every resource, Latch included. "
            + "Exclude an admin (or an admin group) from the policy, or save it as reportOnly first; "
            + "to save it anyway, send the request again with ?force=true.");
    }

    private async Task<bool> ExistsAsync(string kind, string id, CancellationToken ct) => kind switch
    {
        "user" => await store.FindUserAsync(id, ct) is not null,
        "group" => await store.FindGroupAsync(id, ct) is not null,
        "resource" => await store.FindResourceAsync(id, ct) is not null,
        "location" => await store.FindLocationAsync(id, ct) is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static AuditDraft Audit(Caller caller, string action, string id, PolicyDefinition definition, int? version, bool force) =>
        new(caller.Actor, action, id, AuditData.Of(
            ("name", definition.Name), ("state", definition.State.WireName()), ("baseVersion", version), ("forced", force ? true : null)));

    private static IResult NameTaken(string name) =>
        Problems.Conflict("latch.policy.exists", $"A policy named '{Problems.Shorten(name)}' already exists.");
}
