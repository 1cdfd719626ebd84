using System.Text.Json;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Delivery;
using Latch.Server.Authenticators;
using Latch.Server.Grants;
using Latch.Server.Hosting;
using Latch.Server.Http;
using Latch.Server.Policies;
using Latch.Storage;
using Latch.Storage.SignIns;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Access;

/// <summary>
/// <c>POST /v1/access/evaluate</c> and What-If (SPEC "Policy semantics"):
/// 1. resolve the request's facts (directory, context, risk);
/// 2. evaluate every policy of the compiled set — enabled ones decide, report-only and disabled ones are only recorded;
/// 3. evaluate: store the sign-in with a challenge (decision challenge) or a session and its signed grant (allow);
///    What-If: store nothing.
/// </summary>
internal sealed class AccessEvaluator(
    ILatchStore store,
    PolicyCatalog catalog,
    PolicyEditor editor,
    FactsResolver resolver,
    GrantSigner signer,
    ChallengeMethods challengeMethods)
{
    public const int DefaultCodeTtlSeconds = 300;
    public const int DefaultSignInFrequencyMinutes = 60;

    /// <summary>A challenge stays open at least this long, so a person has time to receive and type the code.</summary>
    private static readonly TimeSpan MinChallengeLifetime = TimeSpan.FromMinutes(10);

    public async Task<IResult> EvaluateAsync(EvaluateRequest request, Caller caller, CancellationToken ct)
    {
        var snapshot = await catalog.CurrentAsync(ct);
        var (facts, user, resourcePk, problem) = await resolver.ResolveAsync(request, whatIf: false, snapshot.Set, ct);
        if (problem is not null)
        {
            return problem;
        }

        var run = PolicyRun.Of(snapshot, facts!);
        var decision = run.Decision;
        var signInId = PublicId.New(PublicId.SignIn);
        var now = facts!.At;
        ChallengeView? challengeView = null;
        GrantView? grantView = null;
        NewChallenge? challenge = null;
        SessionRecord? session = null;
        AuditDraft? sessionAudit = null;
        var codeTtl = decision.CodeTtlSeconds ?? DefaultCodeTtlSeconds;
        var grantTtl = TimeSpan.FromMinutes(decision.SignInFrequencyMinutes ?? DefaultSignInFrequencyMinutes);
        if (decision.Kind == DecisionKind.Challenge)
        {
            var lifetime = TimeSpan.FromSeconds(codeTtl) > MinChallengeLifetime ? TimeSpan.FromSeconds(codeTtl) : MinChallengeLifetime;
            var methods = await challengeMethods.ForAsync(user!, ct);
            challenge = new NewChallenge(PublicId.New(PublicId.Challenge), user!.Pk, resourcePk,
                JsonSerializer.Serialize(methods, LatchJson.Default.IReadOnlyListString),
                JsonSerializer.Serialize([GrantRequirement.RequireCode.WireName(), .. run.Satisfied], LatchJson.Default.IReadOnlyListString),
                codeTtl, (int)grantTtl.TotalSeconds, (now + lifetime).ToUnixMs());
            challengeView = new ChallengeView(challenge.Id, methods, Instants.FromUnixMs(challenge.ExpiresAt));
        }
        else if (decision.Kind == DecisionKind.Allow)
        {
            (session, grantView) = SessionGrants.Start(signer, facts.UserId, facts.ResourceId, signInId, run.Satisfied, grantTtl);
            sessionAudit = SessionGrants.StartedAudit(caller, session, signInId);
        }

        var policies = JsonSerializer.Serialize(run.Policies, LatchJson.Default.IReadOnlyListPolicyVerdictView);
        var context = JsonSerializer.Serialize(facts, LatchJson.Default.RequestFacts);
        await store.AddSignInAsync(new NewSignIn(signInId, now.ToUnixMs(), facts.UserId, facts.ResourceId, facts.Ip,
            decision.Kind.WireName(), context, policies, challenge, session), sessionAudit, ct);
        return TypedResults.Ok(View(run, facts, signInId, challengeView, grantView));
    }

    /// <summary>The same evaluation with nothing stored; drafts (if any) are evaluated instead of, or over, the stored set.</summary>
    public async Task<IResult> WhatIfAsync(EvaluateRequest request, CancellationToken ct)
    {
        var (snapshot, problem) = await SnapshotWithDraftsAsync(request.Policies, request.DraftsOnly, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (facts, _, _, factsProblem) = await resolver.ResolveAsync(request, whatIf: true, snapshot!.Set, ct);
        if (factsProblem is not null)
        {
            return factsProblem;
        }

        // No challenge is opened and no grant signed: What-If answers with the decision and its requirements only.
        return TypedResults.Ok(View(PolicyRun.Of(snapshot, facts!), facts!, null, null, null));
    }

    /// <summary>The stored set, or the stored set with validated drafts applied; each draft without an id gets a placeholder one.</summary>
    public async Task<(PolicySnapshot? Snapshot, IResult? Problem)> SnapshotWithDraftsAsync(
        IReadOnlyList<PolicyDocument>? drafts, bool? draftsOnly, CancellationToken ct)
    {
        var stored = await catalog.CurrentAsync(ct);
        if (drafts is null)
        {
            return draftsOnly == true
                ? (null, Problems.Invalid("draftsOnly", "draftsOnly needs the draft policies in 'policies'."))
                : (stored, null);
        }

        var policies = new List<Policy>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i] is null)
            {
                return (null, Problems.Invalid($"policies[{i}]", "Each entry of policies is a policy document, not null."));
            }

            var (definition, problem) = await editor.ValidateAsync(drafts[i], ct);
            if (problem is not null)
            {
                return (null, problem);
            }

            policies.Add(new Policy(drafts[i].Id ?? $"draft_{i + 1}", 0, definition!));
        }

        return (PolicyCatalog.WithDrafts(stored, policies, draftsOnly == true), null);
    }


    private static EvaluationView View(PolicyRun run, RequestFacts facts, string? signInId, ChallengeView? challenge, GrantView? grant)
    {
        var requirements = new List<string>();
        if (run.Decision.Pending.HasFlag(PendingRequirements.Code))
        {
            requirements.Add(GrantRequirement.RequireCode.WireName());
        }

        if (run.Decision.Pending.HasFlag(PendingRequirements.CompliantDevice))
        {
            requirements.Add(GrantRequirement.RequireCompliantDevice.WireName());
        }

        return new EvaluationView(run.Decision.Kind.WireName(), signInId, challenge, grant, requirements,
            new RiskView(facts.SignInRisk, facts.UserRisk, facts.RiskSignals), run.Policies);
    }
}
