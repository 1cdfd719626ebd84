using System.Text.Json;
using Latch.Core.Access;
using Latch.Core.Audit;
using Latch.Core.Directory;
using Latch.Core.Policies;
using Latch.Server.Audit;
using Latch.Server.Auth;
using Latch.Server.Http;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Server.Endpoints;

internal static class LocationEndpoints
{
    private const int MaxCidrs = 1000;

    public static void MapLocations(this IEndpointRouteBuilder app)
    {
        var locations = app.MapGroup("/v1/locations").WithTags("Directory");

        locations.MapPost("", async (HttpContext http, ILatchStore store, TimeProvider clock) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, LatchJson.Default.CreateLocationRequest);
            if (problem is not null)
            {
                return problem;
            }

            var errors = new FieldErrors();
            var name = errors.Required("name", request!.Name);
            var cidrs = Normalize(request.Cidrs, errors);
            if (request.Trusted is null)
            {
                errors.Add("trusted", "trusted is required (true or false).");
            }

            if (errors.Any)
            {
                return Problems.Invalid(errors.All);
            }

            var location = new LocationRecord
            {
                Id = PublicId.New(PublicId.Location),
                Name = name,
                Cidrs = JsonSerializer.Serialize(cidrs, LatchJson.Default.IReadOnlyListString),
                Trusted = request.Trusted!.Value,
                CreatedAt = clock.GetUtcNow().ToUnixMs(),
            };
            var audit = new AuditDraft(http.Caller().Actor, AuditActions.LocationCreated, location.Id,
                AuditData.Of(("name", name), ("cidrs", cidrs), ("trusted", location.Trusted)));
            return await store.AddLocationAsync(location, audit, http.RequestAborted) switch
            {
                AddResult<LocationRecord>.Added added => TypedResults.Created($"/v1/locations/{added.Row.Id}", View(added.Row)),
                _ => Problems.Conflict("latch.location.exists", $"A location named '{Problems.Shorten(name)}' already exists."),
            };
        }).AcceptsJson<CreateLocationRequest>().Produces<LocationView>(201).ProducesProblems(400, 409)
          .RequireRoles(Role.Admin).WithSummary("Create a named location: IPv4/IPv6 ranges in CIDR form, trusted or not.");

        locations.MapGet("", async (ILatchStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListLocationsAsync(1000, ct)).Select(View).ToList()))
            .RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("Named locations.");

        locations.MapGet("/{id}", async (string id, ILatchStore store, CancellationToken ct) =>
            await store.FindLocationAsync(id, ct) is { } location ? TypedResults.Ok(View(location)) : Problems.NotFound("location", id))
            .Produces<LocationView>().ProducesProblems(404).RequireRoles(Role.Admin, Role.Operator, Role.Auditor).WithSummary("One named location.");
    }

    /// <summary>Parses each range and stores its canonical form (host bits cleared), so '10.0.0.7/8' reads '10.0.0.0/8'; a bare address is a /32 or /128.</summary>
    internal static List<string> Normalize(IReadOnlyList<string>? cidrs, FieldErrors errors)
    {
        if (cidrs is null || cidrs.Count == 0)
        {
            errors.Add("cidrs", "cidrs needs at least one range, like '203.0.113.0/24' or '2001:db8::/32'.");
            return [];
        }

        if (cidrs.Count > MaxCidrs)
        {
            errors.Add("cidrs", $"A location may hold at most {MaxCidrs} ranges.");
            return [];
        }

        var normalized = new List<string>(cidrs.Count);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (Cidr.TryParse(cidrs[i], out var cidr))
            {
                normalized.Add(cidr.ToString());
            }
            else
            {
                errors.Add($"cidrs[{i}]", $"'{Problems.Shorten(cidrs[i] ?? "")}' is not a CIDR range like '203.0.113.0/24' or '2001:db8::/32' (IPv4 in four decimal parts).");
            }
        }

        return normalized;
    }

    private static LocationView View(LocationRecord l) =>
        new(l.Id, l.Name, JsonSerializer.Deserialize(l.Cidrs, LatchJson.Default.IReadOnlyListString) ?? [], l.Trusted, Instants.FromUnixMs(l.CreatedAt));
}
