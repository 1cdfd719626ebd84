using System.Text;
using System.Text.Json;
using Latch.Server.Auth;
using Latch.Server.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Http;

/// <summary>/openapi/v1.json says what the server does: the statuses each operation answers and the key it needs.</summary>
public abstract class OpenApiDocumentSuite(string store) : StoreTest(store)
{
    private const string ProblemJson = "application/problem+json";

    // The routes a caller reaches without an API key (push answers carry the companion's signature instead).
    private static readonly string[] Anonymous = ["GET /healthz", "GET /readyz", "GET /.well-known/jwks.json", "POST /v1/push/{id}/respond"];

    [Fact]
    public async Task Every_keyed_operation_documents_401_403_and_the_bearer_key_and_anonymous_ones_do_not()
    {
        var document = await DocumentAsync();
        var bearer = BearerSchemeName(document);
        var routes = Routes();
        var problems = new List<string>();
        if (bearer is null)
        {
            problems.Add("components.securitySchemes has no HTTP bearer scheme");
        }

        var anonymous = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            if (!routes.TryGetValue(name, out var keyed))
            {
                problems.Add($"{name}: no such endpoint");
                continue;
            }

            var required = bearer is not null && operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(r => r.TryGetProperty(bearer, out _));
            if (!keyed)
            {
                anonymous.Add(name);
                if (required)
                {
                    problems.Add($"{name}: anonymous, yet documented as needing a key");
                }

                continue;
            }

            if (!required)
            {
                problems.Add($"{name}: no bearer security requirement");
            }

            foreach (var status in new[] { "401", "403" })
            {
                if (!Response(operation, status, out var response) || !response.TryGetProperty("content", out var content) || !content.TryGetProperty(ProblemJson, out _))
                {
                    problems.Add($"{name}: {status} is not documented as {ProblemJson}");
                }
            }
        }

        var documented = Operations(document).Select(o => o.Name).ToHashSet();
        problems.AddRange(routes.Keys.Where(r => r.Contains(" /v1/", StringComparison.Ordinal) && !documented.Contains(r)).Select(r => $"{r}: not in the document"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(Anonymous.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "GET /healthz", "GET /readyz", "GET /.well-known/jwks.json" })
        {
            var operation = Operations(document).Single(o => o.Name == name).Operation;
            Assert.False(Response(operation, "401", out _), $"{name} lists 401");
            Assert.False(Response(operation, "403", out _), $"{name} lists 403");
        }
    }

    [Fact]
    public async Task Deletes_are_documented_as_204_or_404_never_200()
    {
        var document = await DocumentAsync();
        var deletes = Operations(document).Where(o => o.Name.StartsWith("DELETE ", StringComparison.Ordinal)).ToList();
        Assert.Contains(deletes, o => o.Name == "DELETE /v1/api-keys/{id}");
        Assert.Contains(deletes, o => o.Name == "DELETE /v1/codes/{id}");

        var problems = new List<string>();
        foreach (var (name, operation) in deletes)
        {
            if (!Response(operation, "204", out var noContent) || noContent.TryGetProperty("content", out _))
            {
                problems.Add($"{name}: 204 without a body is not documented");
            }

            if (!Response(operation, "404", out var notFound) || !notFound.TryGetProperty("content", out var content) || !content.TryGetProperty(ProblemJson, out _))
            {
                problems.Add($"{name}: 404 is not documented as {ProblemJson}");
            }

            if (Response(operation, "200", out _))
            {
                problems.Add($"{name}: documents 200, which it never answers");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_session_revocation_documents_its_optional_reason_and_a_push_send_its_answer()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => o.Name, o => o.Operation);

        var body = operations["POST /v1/sessions/{id}/revoke"].GetProperty("requestBody");
        Assert.False(body.TryGetProperty("required", out var required) && required.GetBoolean(), body.ToString());
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out var json), body.ToString());
        Assert.EndsWith("/RevokeSessionRequest", json.GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.Contains("pushId", operations["POST /v1/challenges/{id}/send"].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_of_one_record_readiness_group_members_and_the_audit_page_are_documented_whole()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Name, o => o.Operation);
        var problems = new List<string>();
        void Expect(string name, string status, string mediaType)
        {
            if (!Response(operations[name], status, out var response)
                || !response.TryGetProperty("content", out var content)
                || !content.TryGetProperty(mediaType, out var media)
                || !media.TryGetProperty("schema", out _))
            {
                problems.Add($"{name}: {status} {mediaType} with a schema is not documented");
            }
        }

        foreach (var kind in new[] { "users", "groups", "resources", "devices", "locations" })
        {
            Expect($"GET /v1/{kind}/{{id}}", "200", "application/json");
            Expect($"GET /v1/{kind}/{{id}}", "404", ProblemJson);
        }

        Expect("POST /v1/groups/{id}/members", "400", ProblemJson);
        Expect("GET /readyz", "200", "application/json");
        Expect("GET /readyz", "503", ProblemJson);
        Expect("GET /v1/audit", "200", "application/json");
        Expect("GET /v1/audit", "400", ProblemJson);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_status_a_sample_of_real_calls_answers_is_documented_for_its_operation()
    {
        var document = await DocumentAsync();
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var (_, auditor) = await Api.SendAsync(HttpMethod.Post, "/v1/api-keys", new { name = "auditor", role = "auditor" });
        var (_, group) = await Api.SendAsync(HttpMethod.Post, "/v1/groups", new { name = "staff" });
        var (_, device) = await Api.SendAsync(HttpMethod.Post, "/v1/devices", new { name = "laptop", compliant = true });
        var (_, location) = await Api.SendAsync(HttpMethod.Post, "/v1/locations", new { name = "HQ", cidrs = new[] { "10.0.0.0/8" }, trusted = true });
        var (_, policy) = await Api.SendAsync(HttpMethod.Post, "/v1/policies", new
        {
            name = "off",
            state = "disabled",
            users = new { include = new[] { "all" } },
            resources = new { include = new[] { "all" } },
            grant = new { block = true },
        });
        var (_, visit) = await Api.SendAsync(HttpMethod.Post, "/v1/visits", new
        {
            userId = user,
            resourceId = door,
            start = DateTimeOffset.UtcNow.AddDays(1),
            end = DateTimeOffset.UtcNow.AddDays(1).AddHours(1),
            method = "outbox",
        });
        var (_, controller) = await Api.SendAsync(HttpMethod.Post, $"/v1/doors/{door}/controllers", new { name = "keypad" });
        var (codeId, _) = await Api.IssueAsync(user, door);
        string Id(JsonElement created) => created.GetProperty("id").GetString()!;
        var deviceKey = controller.GetProperty("key").GetString();

        var huge = "{\"userName\":\"" + new string('a', 100_000) + "\"}";
        var calls = new Call[]
        {
            new("GET", "/healthz", Key: null),
            new("GET", "/readyz", Key: null),
            new("GET", "/.well-known/jwks.json", Key: null),
            new("GET", "/v1/users", Key: null),
            new("GET", "/v1/users", Key: "latch_not-a-real-key-at-all-0000"),
            new("POST", "/v1/users", "{\"userName\":\"bob\"}", Key: auditor.GetProperty("key").GetString()),
            new("POST", "/v1/api-keys", "{\"name\":\"x\",\"role\":\"root\"}"),
            new("GET", "/v1/api-keys?includeRevoked=true"),
            new("GET", "/v1/api-keys?includeRevoked=maybe"),
            new("GET", "/v1/audit?limit=abc"),
            new("DELETE", $"/v1/api-keys/{Id(auditor)}"),
            new("DELETE", "/v1/api-keys/key_00000000000000000000"),
            new("GET", $"/v1/users/{user}"),
            new("GET", "/v1/users/usr_00000000000000000000"),
            new("GET", $"/v1/groups/{Id(group)}"),
            new("GET", "/v1/groups/grp_00000000000000000000"),
            new("POST", $"/v1/groups/{Id(group)}/members", "{}"),
            new("POST", $"/v1/groups/{Id(group)}/members", $"{{\"userId\":\"{user}\"}}"),
            new("GET", $"/v1/resources/{door}"),
            new("GET", "/v1/resources/res_00000000000000000000"),
            new("GET", $"/v1/devices/{Id(device)}"),
            new("GET", "/v1/devices/dev_00000000000000000000"),
            new("GET", $"/v1/locations/{Id(location)}"),
            new("GET", "/v1/locations/loc_00000000000000000000"),
            new("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\"}}"),
            new("POST", "/v1/codes", "{"),
            new("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\"}}", ContentType: "text/plain"),
            new("POST", "/v1/users", huge),
            new("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"000000\"}}"),
            new("GET", $"/v1/codes/{codeId}"),
            new("DELETE", $"/v1/codes/{codeId}"),
            new("DELETE", "/v1/codes/cod_00000000000000000000"),
            new("GET", "/v1/audit"),
            new("GET", "/v1/audit?limit=0"),
            new("GET", "/v1/audit/verify"),
            new("DELETE", $"/v1/policies/{Id(policy)}"),
            new("DELETE", "/v1/policies/pol_00000000000000000000"),
            new("DELETE", $"/v1/visits/{Id(visit)}"),
            new("DELETE", "/v1/visits/vis_00000000000000000000"),
            new("GET", $"/v1/doors/{door}/twin", Key: deviceKey),
            new("GET", $"/v1/doors/{door}/twin"),
            new("DELETE", $"/v1/doors/{door}/controllers/{Id(controller)}"),
            new("DELETE", $"/v1/doors/{door}/controllers/{Id(controller)}"),
            new("DELETE", $"/v1/users/{user}/authenticators/aut_00000000000000000000"),
            new("POST", "/v1/sessions/ses_00000000000000000000/revoke"),
            new("POST", "/v1/access/evaluate", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\"}}"),
            new("GET", "/v1/deliveries/dlv_00000000000000000000"),
        };

        var seen = new HashSet<string>();
        var problems = new List<string>();
        foreach (var (method, path, body, key, contentType) in calls)
        {
            using var http = Host.Client(key);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
            }

            using var answer = await http.SendAsync(request);
            var status = ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var mediaType = answer.Content.Headers.ContentType?.MediaType;
            var (name, operation) = Match(document, method, path);
            seen.Add($"{status} {mediaType}");
            if (operation is not { } op || !Response(op, status, out var documented))
            {
                problems.Add($"{method} {path} answered {status}, which {name} does not document");
            }
            else if (mediaType is null ? documented.TryGetProperty("content", out _)
                : !documented.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out _))
            {
                problems.Add($"{method} {path} answered {status} {mediaType ?? "without a body"}; {name} documents {documented}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // The sample reaches every kind of answer the claims above are about.
        Assert.Superset(
            new HashSet<string>
            {
                "200 application/json", "201 application/json", "204 ", "400 application/problem+json", "401 application/problem+json",
                "403 application/json", "403 application/problem+json", "404 application/problem+json", "413 application/problem+json",
                "415 application/problem+json",
            },
            seen);
    }

    /// <summary>One real call: a JSON body (or another content type) sent with a key (the admin's unless named).</summary>
    private sealed record Call(string Method, string Path, string? Body = null, string? Key = LatchHost.AdminKey, string ContentType = "application/json");

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = Host.Client(null);
        var (status, document) = await new LatchApi(anonymous).SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(200, status);
        return document;
    }

    /// <summary>The name of the components' HTTP bearer scheme (the API key); null when there is none.</summary>
    private static string? BearerSchemeName(JsonElement document) =>
        document.GetProperty("components").TryGetProperty("securitySchemes", out var schemes)
            ? schemes.EnumerateObject()
                .Where(s => s.Value.GetProperty("type").GetString() == "http"
                    && string.Equals(s.Value.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase))
                .Select(s => s.Name)
                .SingleOrDefault()
            : null;

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Name != "parameters"
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);

    private static bool Response(JsonElement operation, string status, out JsonElement response) =>
        operation.GetProperty("responses").TryGetProperty(status, out response);

    /// <summary>The documented operation a concrete call lands on: the template with the fewest parameters that matches.</summary>
    private static (string Name, JsonElement? Operation) Match(JsonElement document, string method, string path)
    {
        var bare = path.Split('?')[0].Split('/');
        var best = Operations(document)
            .Select(o => (o.Name, o.Operation, Parts: o.Name.Split(' ')[1].Split('/'), Method: o.Name.Split(' ')[0]))
            .Where(o => o.Method == method && o.Parts.Length == bare.Length
                && o.Parts.Zip(bare).All(p => p.First.StartsWith('{') || p.First == p.Second))
            .OrderBy(o => o.Parts.Count(p => p.StartsWith('{')))
            .FirstOrDefault();
        return best.Name is null ? ($"no operation for {method} {path}", null) : (best.Name, best.Operation);
    }

    /// <summary>Every API route the server maps, by "METHOD /path", and whether it requires an API key (<see cref="AllowedRoles"/>).</summary>
    private Dictionary<string, bool> Routes()
    {
        var routes = new Dictionary<string, bool>();
        // Left out on purpose: the 405 answers beside action paths (ActionPaths).
        foreach (var endpoint in Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }))
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes[$"{method} {path}"] = endpoint.Metadata.GetMetadata<AllowedRoles>() is not null;
            }
        }

        return routes;
    }
}

public sealed class SqliteOpenApiDocument() : OpenApiDocumentSuite("sqlite");
