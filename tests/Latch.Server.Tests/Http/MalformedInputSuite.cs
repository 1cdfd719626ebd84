using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latch.Server.Tests.Hosting;

namespace Latch.Server.Tests.Http;

public abstract class MalformedInputSuite(string store) : StoreTest(store)
{
    [Fact]
    public async Task Every_malformed_request_gets_a_4xx_problem_with_a_stable_code_and_the_server_stays_up()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var huge = "{\"userName\":\"" + new string('a', 100_000) + "\"}";
        var cases = new (string Method, string Path, string? Body, string ContentType, int Status, string Code)[]
        {
            ("POST", "/v1/codes", "{", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", "", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", "null", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", "[1,2]", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", "{\"userId\": 5}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"ttlSeconds\":\"soon\"}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"ttlSeconds\":1e100}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"notBefore\":\"yesterday\"}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"ttl\":60}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes", "{}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"ttlSeconds\":0}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"notBefore\":\"9999-12-31T23:59:00Z\"}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"notBefore\":\"0001-01-01T00:00:00Z\",\"ttlSeconds\":-5}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"length\":12}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"maxUses\":-1}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"notAfter\":\"2001-01-01T00:00:00Z\"}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"deliver\":{{\"method\":\"pigeon\"}}}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes", $"{{\"userId\":\"usr_00000000000000000000\",\"resourceId\":\"{door}\"}}", "application/json", 404, "latch.user.not-found"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"' OR 1=1 --\"}}", "application/json", 404, "latch.resource.not-found"),
            ("POST", "/v1/codes", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\"}}", "text/plain", 415, "latch.request.unsupported-media-type"),
            ("POST", "/v1/codes/verify", "{\"code\":\"123456\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes/verify", "{\"resourceId\":\"res_00000000000000000000\",\"code\":\"123456\"}", "application/json", 404, "latch.resource.not-found"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"123456\",\"context\":{{\"ip\":\"not-an-ip\"}}}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":[\"1\"]}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"\"}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"  \"}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"123456\",\"resourceId\":\"res_00000000000000000000\"}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/users", "{\"userName\":\"a\",\"userName\":\"b\"}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/users", "{\"userName\":\"cy\"}", "application/json; charset=utf-16", 415, "latch.request.unsupported-media-type"),
            ("POST", "/v1/users", "{\"userName\":\"cy\"}", "application/json; charset=latin1", 415, "latch.request.unsupported-media-type"),
            ("POST", "/v1/users", huge, "application/json", 413, "latch.request.too-large"),
            ("POST", "/v1/users", "{\"userName\":\"\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"\\u202Eevil\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"ada\\u200B\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/resources", "{\"name\":\"\\uFEFFGate\",\"kind\":\"door\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/api-keys", "{\"name\":\"ci\\u2066key\",\"role\":\"app\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"x\",\"email\":\"nope\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"x\",\"email\":\"alice@corp.example, bob@evil.example\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"x\",\"email\":\"Alice <alice@corp.example>\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/users", "{\"userName\":\"ada\"}", "application/json", 409, "latch.user.exists"),
            ("POST", "/v1/resources", "{\"name\":\"Gate\",\"kind\":\"castle\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/locations", "{\"name\":\"HQ\",\"cidrs\":[\"10.0.0.0/33\"],\"trusted\":true}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/locations", "{\"name\":\"HQ\",\"cidrs\":[],\"trusted\":true}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/locations", "{\"name\":\"HQ\",\"cidrs\":[\"010.0.0.0/8\"],\"trusted\":true}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/locations", "{\"name\":\"HQ\",\"cidrs\":[\"fe80::1%eth0/64\"],\"trusted\":true}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":\"123456\",\"context\":{{\"ip\":\"10.1\"}}}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/devices", "{\"name\":\"laptop\",\"compliant\":true,\"ownerId\":\"usr_00000000000000000000\"}", "application/json", 404, "latch.user.not-found"),
            ("POST", "/v1/groups/grp_00000000000000000000/members", $"{{\"userId\":\"{user}\"}}", "application/json", 404, "latch.group.not-found"),
            ("POST", "/v1/users", "{\"userName\":\"ADA\"}", "application/json", 409, "latch.user.exists"),
            ("POST", "/v1/users", "{\"userName\":\"\uff41da\"}", "application/json", 409, "latch.user.exists"),
            ("POST", "/v1/users", "{\"userName\":\"\\ud800da\"}", "application/json", 400, "latch.request.malformed-json"),
            ("GET", "/v1/users/usr_00000000000000000000", null, "", 404, "latch.user.not-found"),
            ("GET", "/v1/doors/res_00000000000000000000", null, "", 404, "latch.door.not-found"),
            ("PUT", $"/v1/doors/{door}/config", "{\"codeLength\":\"long\"}", "application/json", 400, "latch.request.malformed-json"),
            ("PUT", $"/v1/doors/{door}/config", "{\"codeLength\":99}", "application/json", 400, "latch.request.invalid"),
            ("POST", $"/v1/doors/{door}/controllers", "{\"name\":\"\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", $"/v1/doors/{door}/controllers/dev_00000000000000000000/certificate", "{\"csr\":\"x\"}", "application/json", 404, "latch.controller.not-found"),
            ("GET", "/v1/codes/%3Cscript%3E", null, "", 404, "latch.code.not-found"),
            ("DELETE", "/v1/codes/cod_00000000000000000000", null, "", 404, "latch.code.not-found"),
            ("GET", "/v1/audit?limit=abc", null, "", 400, "latch.request.invalid"),
            ("GET", "/v1/audit?limit=0", null, "", 400, "latch.request.invalid"),
            ("PUT", "/v1/codes/verify", "{}", "application/json", 405, "latch.route.method-not-allowed"),
            ("POST", "/v1/policies", "{\"name\":\"p\"", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/policies", "{\"name\":\"p\",\"state\":\"enabled\",\"users\":{\"include\":\"all\"}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/policies", "{\"name\":\"p\",\"state\":\"on\",\"users\":{\"include\":[\"all\"]},\"resources\":{\"include\":[\"all\"]},\"grant\":{\"block\":true}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/policies", "{\"name\":\"p\",\"state\":\"enabled\",\"users\":{\"include\":[\"all\"]},\"resources\":{\"include\":[\"all\"]},\"conditions\":{\"time\":{\"from\":\"08:00\",\"to\":\"18:00\",\"timeZone\":\"../../etc/passwd\"}},\"grant\":{\"block\":false}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/policies", "{\"name\":\"p\",\"state\":\"enabled\",\"users\":{\"include\":[\"grp_00000000000000000000\"]},\"resources\":{\"include\":[\"all\"]},\"grant\":{\"block\":false}}", "application/json", 400, "latch.request.invalid"),
            ("PUT", "/v1/policies/pol_00000000000000000000", "{\"name\":\"p\",\"state\":\"enabled\",\"users\":{\"include\":[\"all\"]},\"resources\":{\"include\":[\"all\"]},\"grant\":{}}", "application/json", 404, "latch.policy.not-found"),
            ("GET", "/v1/policies/pol_00000000000000000000/versions", null, "", 404, "latch.policy.not-found"),
            ("POST", "/v1/access/evaluate", "{}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/access/evaluate", $"{{\"userId\":\"usr_00000000000000000000\",\"resourceId\":\"{door}\"}}", "application/json", 404, "latch.user.not-found"),
            ("POST", "/v1/access/evaluate", $"{{\"userId\":\"{user}\",\"resourceId\":\"res_00000000000000000000\"}}", "application/json", 404, "latch.resource.not-found"),
            ("POST", "/v1/access/evaluate", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"context\":{{\"deviceId\":\"dev_00000000000000000000\"}}}}", "application/json", 404, "latch.device.not-found"),
            ("POST", "/v1/access/evaluate", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"context\":{{\"ip\":\"999.1.1.1\",\"clientApp\":\"fax\"}}}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/access/evaluate", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"context\":{{\"at\":\"tomorrow\"}}}}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/policies/what-if", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"context\":{{\"signInRisk\":\"extreme\"}}}}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/policies/impact", "{\"from\":\"2026-01-01T00:00:00Z\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/challenges/chl_00000000000000000000/send", "{\"method\":\"outbox\"}", "application/json", 404, "latch.challenge.not-found"),
            ("POST", "/v1/challenges/chl_00000000000000000000/verify", "{}", "application/json", 404, "latch.challenge.not-found"),
            ("POST", "/v1/challenges/chl_00000000000000000000/verify", "{\"code\":123456}", "application/json", 400, "latch.request.malformed-json"),
            ("POST", "/v1/push/psh_00000000000000000000/respond", "{\"approve\":true}", "application/json", 401, "latch.push.bad-signature"),
            ("POST", "/v1/push/psh_00000000000000000000/respond", "{\"number\":\"" + new string('4', 70_000) + "\"}", "application/json", 413, "latch.request.too-large"),
            ("POST", "/v1/push/psh_00000000000000000000/respond", "{\"number\":\"" + new string('4', 5_000) + "\"}", "application/json", 413, "latch.request.too-large"),
            ("POST", "/v1/sessions/ses_00000000000000000000/revoke", "{\"reason\":5}", "application/json", 400, "latch.request.malformed-json"),
            ("GET", "/v1/sign-ins?limit=100000", null, "", 400, "latch.request.invalid"),
            ("GET", "/v1/sign-ins?from=yesterday", null, "", 400, "latch.request.invalid"),
            ("GET", "/v1/sign-ins/sgn_00000000000000000000", null, "", 404, "latch.sign-in.not-found"),
            ("PUT", "/v1/users/usr_00000000000000000000/risk", "{\"level\":\"high\"}", "application/json", 404, "latch.user.not-found"),
            ("PUT", $"/v1/users/{user}/risk", "{\"level\":\"severe\"}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/visits", "{}", "application/json", 400, "latch.request.invalid"),
            ("POST", "/v1/visits", $"{{\"userId\":\"{user}\",\"resourceId\":\"{door}\",\"start\":\"soon\"}}", "application/json", 400, "latch.request.malformed-json"),
            ("GET", "/v1/visits?limit=0", null, "", 400, "latch.request.invalid"),
            ("GET", "/v1/visits/vis_00000000000000000000", null, "", 404, "latch.visit.not-found"),
            ("DELETE", "/v1/visits/vis_00000000000000000000", null, "", 404, "latch.visit.not-found"),
            ("PATCH", $"/v1/users/{user}", "{\"email\":\"nope\"}", "application/json", 400, "latch.request.invalid"),
            ("GET", "/v1/no-such-thing", null, "", 404, "latch.route.not-found"),
        };

        var failures = new List<string>();
        foreach (var (method, path, body, contentType, expectedStatus, expectedCode) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await Api.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var code = text.Length > 0 ? System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("code").GetString() : null;
            if ((int)response.StatusCode != expectedStatus || code != expectedCode
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {path[..Math.Min(path.Length, 40)]} {body?[..Math.Min(body.Length, 60)]} -> {(int)response.StatusCode} {code} {response.Content.Headers.ContentType}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Get, "/healthz")).Status);
    }

    [Fact]
    public async Task A_null_entry_in_a_list_of_drafts_is_named_as_the_bad_field()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var from = Host.Clock.GetUtcNow().AddDays(-1);

        var whatIf = await Api.SendAsync(HttpMethod.Post, "/v1/policies/what-if", new { userId = user, resourceId = door, policies = new object?[] { null } });
        var impact = await Api.SendAsync(HttpMethod.Post, "/v1/policies/impact", new { policies = new object?[] { null }, from, to = from.AddHours(1) });

        foreach (var (status, body) in new[] { whatIf, impact })
        {
            Assert.True(status == 400, $"answered {status}: {body}");
            Assert.Equal(["policies[0]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_framing_gets_a_4xx_problem()
    {
        var head = $"POST /v1/users HTTP/1.1\r\nHost: latch\r\nConnection: close\r\nAuthorization: Bearer {LatchHost.AdminKey}\r\nContent-Type: application/json\r\n";

        var badChunk = await RawHttp.SendAsync(Host.BaseAddress, head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n", endBody: false);
        var cutShort = await RawHttp.SendAsync(Host.BaseAddress, head + "Content-Length: 100\r\n\r\n{\"userName\":", endBody: true);
        var stalled = await RawHttp.SendAsync(Host.BaseAddress, head + "Content-Length: 100\r\n\r\n{\"userName\":", endBody: false);
        var signOut = await RawHttp.SendAsync(Host.BaseAddress,
            "POST /sign-out HTTP/1.1\r\nHost: latch\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\na=b\r\n0\r\n\r\n", endBody: false);

        Assert.Equal((400, "application/problem+json", "latch.request.unreadable-body"), badChunk);
        Assert.Equal((408, "application/problem+json", "latch.request.body-timeout"), stalled);
        Assert.Equal(302, signOut.Status); // an unreadable form signs no one out, like one without its token

        // A client that stopped sending may not be answered at all; either way it is no server error.
        Assert.True(cutShort.Status is 0 or 400, $"cut short answered {cutShort}");
        Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains(" Error: ", StringComparison.Ordinal) || line.Contains(" Critical: ", StringComparison.Ordinal));
        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Get, "/healthz")).Status);
    }

    [Fact]
    public async Task An_optional_body_sent_in_chunks_is_read_like_any_other()
    {
        var user = await Api.CreateUserAsync("ada");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/users/{user}/authenticators/totp")
        {
            Content = new StringContent("{\"digits\":5}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Api.Http.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(["digits"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var emptyChunks = await RawHttp.SendAsync(Host.BaseAddress,
            $"POST /v1/users/{user}/authenticators/totp HTTP/1.1\r\nHost: latch\r\nConnection: close\r\nAuthorization: Bearer {LatchHost.AdminKey}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", endBody: false);
        Assert.Equal(201, emptyChunks.Status); // chunks adding up to nothing are no body: the defaults apply
    }

    [Fact]
    public async Task Problems_name_the_bad_field_and_do_not_echo_a_typed_code()
    {
        var door = await Api.CreateResourceAsync("Front door");

        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/codes/verify", $"{{\"resourceId\":\"{door}\",\"code\":987654,\"context\":{{}}}}");

        Assert.Equal(400, status);
        Assert.Contains("$.code", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("987654", body.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/codes", "{\"userId\":\"usr_\\u0000\",\"resourceId\":\"res_x\"}", "'$.userId'")]
    [InlineData("/v1/codes/verify", "{\"resourceId\":\"\\u0000\",\"code\":\"123456\"}", "'$.resourceId'")]
    [InlineData("/v1/access/evaluate", "{\"userId\":\"usr_x\",\"resourceId\":\"r\",\"context\":{\"deviceId\":\"dev\\u0000\"}}", "'$.context.deviceId'")]
    public async Task A_json_string_holding_U0000_is_named_on_either_store(string path, string body, string field)
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Post, path, body);

        Assert.True(status == 400, $"answered {status}: {problem}");
        Assert.Equal("latch.request.malformed-json", problem.GetProperty("code").GetString());
        Assert.Contains($"{field} (line 1, byte", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("U+0000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/sign-ins?userId=usr_%00", "userId")]
    [InlineData("/v1/sign-ins?limit=5&resourceId=%00", "resourceId")]
    [InlineData("/v1/users?a%00=1", "query")]
    public async Task A_query_value_holding_U0000_is_named_on_either_store(string path, string field)
    {
        var (status, problem) = await Api.SendAsync(HttpMethod.Get, path);

        Assert.True(status == 400, $"answered {status}: {problem}");
        Assert.Equal("latch.request.invalid", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("GET", "/v1/audit?limit=zq7secret", "limit", "a whole number")]
    [InlineData("GET", "/v1/audit?after=zq7secret", "after", "a whole number")]
    [InlineData("GET", "/v1/sign-ins?from=zq7secret", "from", "a date and time")]
    [InlineData("GET", "/v1/visits?includePast=zq7secret", "includePast", "true or false")]
    [InlineData("POST", "/v1/policies?force=zq7secret", "force", "true or false")]
    public async Task A_query_value_of_the_wrong_form_names_the_parameter_and_is_not_echoed(string method, string path, string parameter, string expected)
    {
        var (status, body) = await Api.SendAsync(new HttpMethod(method), path, method == "POST" ? new { } : null);

        Assert.Equal(400, status);
        Assert.Equal("latch.request.invalid", body.GetProperty("code").GetString());
        var message = Assert.Single(body.GetProperty("errors").GetProperty(parameter).EnumerateArray()).GetString();
        Assert.StartsWith($"{parameter} must be {expected}", message, StringComparison.Ordinal);
        Assert.DoesNotContain("zq7secret", body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains("zq7secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_audit_paging_names_each_bad_parameter()
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?after=-1&limit=5000");
        var (afterOnly, afterBody) = await Api.SendAsync(HttpMethod.Get, "/v1/audit?after=-1");

        Assert.Equal(400, status);
        Assert.Equal(["after", "limit"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(400, afterOnly);
        Assert.Equal(["after"], afterBody.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_field_given_twice_is_named_and_nothing_is_created()
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Post, "/v1/users", "{\"userName\":\"ada\",\"userName\":\"eve\"}");

        Assert.Equal(400, status);
        Assert.Contains("'$.userName'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("more than once", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Api.SendAsync(HttpMethod.Get, "/v1/users")).Body.EnumerateArray());
    }

    [Fact]
    public async Task A_body_declared_as_utf8_is_read()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"userName\":\"zoë\"}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=\"UTF-8\"");

        using var response = await Api.Http.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("zoë", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Health_readiness_and_the_openapi_document_are_served()
    {
        using var anonymous = Host.Client(null);
        var api = new LatchApi(anonymous);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Get, "/healthz")).Status);
        Assert.Equal("ready", (await api.SendAsync(HttpMethod.Get, "/readyz")).Body.GetProperty("status").GetString());
        var (status, openApi) = await api.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(200, status);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/codes/verify", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/doors/{doorId}/twin", out _));
        Assert.True(openApi.GetProperty("components").GetProperty("schemas").TryGetProperty("TwinView", out _));
    }

    [Fact]
    public async Task Head_is_answered_like_get_with_the_headers_alone()
    {
        async Task<RawAnswer> HeadAsync(string path, string? key) => (await RawHttp.ExchangeAsync(Host.BaseAddress,
            $"HEAD {path} HTTP/1.1\r\nHost: latch\r\nConnection: close\r\n{(key is null ? "" : $"Authorization: Bearer {key}\r\n")}\r\n"))!;

        var health = await HeadAsync("/healthz", null);
        var ready = await HeadAsync("/readyz", null);
        var users = await HeadAsync("/v1/users", LatchHost.AdminKey);
        var keyless = await HeadAsync("/v1/users", null);
        var postOnly = await HeadAsync("/v1/users/usr_nobody/codes/revoke", LatchHost.AdminKey);

        Assert.Equal((200, "application/json"), (health.Status, health.MediaType));
        Assert.Equal((200, "application/json"), (ready.Status, ready.MediaType));
        Assert.Equal((200, "application/json"), (users.Status, users.MediaType));
        Assert.Equal((401, "application/problem+json"), (keyless.Status, keyless.MediaType));
        Assert.Equal((405, "application/problem+json", "POST"), (postOnly.Status, postOnly.MediaType, postOnly.Header("Allow")));
        Assert.All([health, ready, users, keyless, postOnly], answer => Assert.Empty(answer.Body));

        var postToGetOnly = (await RawHttp.ExchangeAsync(Host.BaseAddress, "POST /healthz HTTP/1.1\r\nHost: latch\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))!;
        Assert.Equal((405, "GET, HEAD"), (postToGetOnly.Status, postToGetOnly.Header("Allow")));
    }

    [Theory]
    [InlineData("GET", "/v1/codes/verify")]
    [InlineData("DELETE", "/v1/codes/verify")]
    [InlineData("GET", "/v1/codes/VERIFY")]
    [InlineData("GET", "/v1/policies/what-if")]
    [InlineData("PUT", "/v1/policies/what-if")]
    [InlineData("DELETE", "/v1/policies/impact")]
    public async Task An_action_called_with_the_wrong_method_is_405_not_a_lookup_of_an_id_named_after_it(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Api.Http.SendAsync(request);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("latch.route.method-not-allowed", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }
}

public sealed class SqliteMalformedInput() : MalformedInputSuite("sqlite");

public sealed class PostgresMalformedInput() : MalformedInputSuite("postgres");
