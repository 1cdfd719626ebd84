using System.Net;
using System.Text.RegularExpressions;
using Latch.Core.Otp;
using Latch.Server.Ui.Accounts;
using Latch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Browser.Tests;

/// <summary>Every form of the web UI, posted by a plain HTTP client (no JavaScript) with the page's anti-forgery token.</summary>
public sealed partial class FormPostTests
{
    internal static async Task SignInAsync(FormClient client, string userName, TotpSecret secret)
    {
        await client.GetAsync("/sign-in");
        await client.PostAsync("sign-in", ("Password.UserName", userName), ("Password.Password", UiHost.Password));
        Assert.Contains("Authenticator code", client.LastPage);
        await client.PostAsync("sign-in-code", ("Code.Code", Authenticator.CodeNow(secret)));
        Assert.Equal("/", client.LastUri!.AbsolutePath);
        Assert.Contains("Insights", client.LastPage);
    }

    [Fact]
    public async Task The_setup_page_creates_the_first_admin_with_the_admin_key_and_an_authenticator()
    {
        await using var host = await UiHost.StartAsync();
        using var client = new FormClient(host.BaseAddress);

        await client.GetAsync("/setup");
        await client.PostAsync("setup", ("Create.ApiKey", "latch_not-the-right-key-000000"), ("Create.UserName", "root"), ("Create.Password", UiHost.Password));
        Assert.Contains("not an active admin API key", client.LastPage);

        await client.GetAsync("/setup");
        await client.PostAsync("setup", ("Create.ApiKey", UiHost.AdminKey), ("Create.UserName", "root"), ("Create.Password", UiHost.Password));
        var secret = TotpSecret.FromBase32(SecretRegex().Match(client.LastPage).Groups[1].Value);
        Assert.Contains("<svg", client.LastPage);

        await client.PostAsync("setup-activate", ("Activate.Code", "000000"));
        Assert.Contains("does not match", client.LastPage);
        await client.PostAsync("setup-activate", ("Activate.Code", Authenticator.CodeNow(secret)));
        Assert.Equal("/", client.LastUri!.AbsolutePath);
        Assert.Contains("root (admin)", client.LastPage);

        // Setup closes once an admin exists.
        await client.GetAsync("/setup");
        Assert.Contains("A console account exists already", client.LastPage);

        // Neither the password, nor the authenticator key, nor the admin key reached the log or the audit log.
        var audit = new List<string>();
        await foreach (var entry in host.Services.GetRequiredService<ILatchStore>().ReadAllAuditAsync(default))
        {
            audit.Add($"{entry.Actor} {entry.Action} {entry.Target} {entry.Data}");
        }

        Assert.Contains(audit, a => a.Contains("consoleAccount.created", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Contains("console.signInFailed", StringComparison.Ordinal));
        foreach (var secretText in new[] { UiHost.Password, secret.RevealBase32(), UiHost.AdminKey })
        {
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(secretText, StringComparison.Ordinal));
            Assert.DoesNotContain(audit, a => a.Contains(secretText, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_wrong_password_or_code_is_refused_on_the_page_and_a_code_signs_in_once()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        using var client = new FormClient(host.BaseAddress);

        await client.GetAsync("/sign-in");
        await client.PostAsync("sign-in", ("Password.UserName", "ada"), ("Password.Password", "wrong password!!"));
        Assert.Contains("user name or password is not right", client.LastPage);
        Assert.Equal(HttpStatusCode.OK, client.LastStatus);

        await client.PostAsync("sign-in", ("Password.UserName", "ada"), ("Password.Password", UiHost.Password));
        await client.PostAsync("sign-in-code", ("Code.Code", "12345x"));
        Assert.Contains("does not match", client.LastPage);

        var code = Authenticator.CodeNow(secret);
        await client.PostAsync("sign-in-code", ("Code.Code", code));
        Assert.Equal("/", client.LastUri!.AbsolutePath);

        using var second = new FormClient(host.BaseAddress);
        await second.GetAsync("/sign-in");
        await second.PostAsync("sign-in", ("Password.UserName", "ada"), ("Password.Password", UiHost.Password));
        await second.PostAsync("sign-in-code", ("Code.Code", code));
        Assert.Contains("used already", second.LastPage);
    }

    [Fact]
    public async Task Account_names_differing_only_in_case_are_one_account_with_one_budget_of_guesses()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        var accounts = host.Services.GetRequiredService<ConsoleAccountService>();

        var lookAlike = await accounts.CreateAsync("ADA", UiHost.Password, "auditor", "test", default);
        Assert.Contains("already exists", lookAlike.Error, StringComparison.Ordinal);
        using (var client = new FormClient(host.BaseAddress))
        {
            await SignInAsync(client, "Ada", secret);
        }

        // Each spelling from its own address, so that only the per-name throttle can add them up.
        var spellings = new[] { "ada", "ADA", "Ada", "aDa", "adA", "ADa" };
        for (var i = 0; i < spellings.Length; i++)
        {
            Assert.False((await accounts.CheckPasswordAsync(spellings[i], "wrong password!!", $"192.0.2.{i + 1}", default)).Succeeded);
        }

        var blocked = await accounts.CheckPasswordAsync("ada", UiHost.Password, "192.0.2.99", default);
        Assert.Contains("Too many failed sign-ins", blocked.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_forgives_the_failures_before_it_whatever_the_names_case()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("Ada", "admin");
        var accounts = host.Services.GetRequiredService<ConsoleAccountService>();

        // Each attempt from its own address, so that only the per-name count adds up: four typos, then a whole sign-in.
        for (var i = 1; i <= 4; i++)
        {
            Assert.False((await accounts.CheckPasswordAsync("Ada", "wrong password!!", $"192.0.2.{i}", default)).Succeeded);
        }

        using (var client = new FormClient(host.BaseAddress))
        {
            await SignInAsync(client, "Ada", secret);
        }

        Assert.False((await accounts.CheckPasswordAsync("Ada", "wrong password!!", "192.0.2.6", default)).Succeeded);

        var again = await accounts.CheckPasswordAsync("Ada", UiHost.Password, "192.0.2.7", default);
        Assert.True(again.Succeeded, again.Error);
    }

    [Fact]
    public async Task The_audit_page_shows_the_latest_matching_entries_newest_first()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        var store = host.Services.GetRequiredService<ILatchStore>();
        for (var i = 0; i < 250; i++)
        {
            await store.AppendAuditAsync(new Latch.Core.Audit.AuditDraft("test", "test.entry", $"entry-{i:D3}-", "{}"), 1_000 + i, default);
            await store.AppendAuditAsync(new Latch.Core.Audit.AuditDraft("test", "test.other", $"other-{i:D3}-", "{}"), 1_000 + i, default);
        }

        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "ada", secret);
        await client.GetAsync("/audit?action=test.entry");

        var shown = Regex.Matches(client.LastPage, "entry-([0-9]{3})-").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(50, 200).Reverse(), shown); // the page holds 200
        Assert.DoesNotContain("other-", client.LastPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_hash_with_fewer_iterations_is_upgraded_at_the_next_sign_in()
    {
        await using var host = await UiHost.StartAsync();
        var store = host.Services.GetRequiredService<ILatchStore>();
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var weak = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(UiHost.Password), salt, 100_000,
            System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        var id = Latch.Core.Directory.PublicId.New(Latch.Core.Directory.PublicId.ConsoleAccount);
        var secret = TotpSecret.Generate(OtpAlgorithm.Sha1, System.Security.Cryptography.RandomNumberGenerator.Create());
        await store.AddConsoleAccountAsync(new Latch.Storage.Console.ConsoleAccountRecord
        {
            Id = id,
            UserName = "old",
            Role = "admin",
            State = "active",
            CreatedBy = "test",
            PasswordHash = $"pbkdf2-sha256$100000${Convert.ToBase64String(salt)}${Convert.ToBase64String(weak)}",
            TotpSecret = host.Services.GetRequiredService<TotpSecretSealer>().Seal(secret, id),
        }, new Latch.Core.Audit.AuditDraft("test", "consoleAccount.created", id, "{}"), default);

        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "old", secret);

        var upgraded = (await store.FindConsoleAccountAsync(id, default))!.PasswordHash;
        Assert.StartsWith("pbkdf2-sha256$600000$", upgraded);
        Assert.True(Latch.Core.Access.ConsolePassword.Verify(UiHost.Password, upgraded));
    }

    [Fact]
    public async Task Every_console_form_works_without_javascript()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "ada", secret);

        await client.GetAsync("/directory");
        await client.PostAsync("add-location", ("LocationForm.Name", "Office"), ("LocationForm.Cidrs", "10.0.0.0/8"), ("LocationForm.Trusted", "true"));
        Assert.Contains("Location saved", client.LastPage);
        await client.PostAsync("add-location", ("LocationForm.Name", "Bad"), ("LocationForm.Cidrs", "10.0.0.0/99"));
        Assert.Contains("Fix these fields", client.LastPage);
        await client.PostAsync("add-resource", ("ResourceForm.Name", "Payroll"), ("ResourceForm.Kind", "app"));
        await client.PostAsync("add-user", ("UserForm.UserName", "alex"), ("UserForm.Email", "alex@example.com"));
        await client.PostAsync("add-group", ("GroupForm.Name", "Contractors"));
        Assert.Contains("Group saved", client.LastPage);
        var group = (await host.Services.GetRequiredService<ILatchStore>().ListGroupsAsync(10, default)).Single();
        var alexId = (await host.Services.GetRequiredService<ILatchStore>().ListUsersAsync(10, default)).Single(u => u.UserName == "alex").Id;
        await client.PostAsync("add-member", ("MemberForm.GroupId", group.Id), ("MemberForm.UserId", alexId));
        Assert.Contains("Group membership saved", client.LastPage);
        await client.PostAsync("add-member", ("MemberForm.GroupId", group.Id), ("MemberForm.UserId", alexId));
        Assert.Contains("already a member", client.LastPage);
        await client.GetAsync($"/directory/users/{alexId}");
        await client.PostAsync("contact", ("Contact.Phone", "12345"));
        Assert.Contains("international form", client.LastPage);
        await client.PostAsync("contact", ("Contact.Phone", "+4930123456"), ("Contact.DefaultMethod", "outbox"));
        Assert.Contains("Saved.", client.LastPage);
        await client.PostAsync("risk", ("Risk.Level", "high"));
        Assert.Contains("Risk set to high", client.LastPage);
        var updated = (await host.Services.GetRequiredService<ILatchStore>().FindUserAsync(alexId, default))!;
        Assert.Equal(("+4930123456", "outbox", "high"), (updated.Phone, updated.DefaultMethod, updated.Risk));
        await client.PostAsync("contact", ("Contact.Phone", "+4930999999"), ("Contact.RemovePhone", "true"));
        Assert.Contains("or remove it, not both", client.LastPage);
        await client.PostAsync("contact", ("Contact.RemovePhone", "true"), ("Contact.DefaultMethod", "none"));
        Assert.Contains("Saved.", client.LastPage);
        var removed = (await host.Services.GetRequiredService<ILatchStore>().FindUserAsync(alexId, default))!;
        Assert.Equal(("alex@example.com", null, null), (removed.Email, removed.Phone, removed.DefaultMethod));
        var lastUpdate = (await host.Services.GetRequiredService<ILatchStore>().ReadAuditAsync(0, 1000, default)).Last(e => e.Action == "user.updated");
        Assert.Equal("""{"phone":"removed","defaultMethod":"removed"}""", lastUpdate.Data);
        await client.GetAsync("/directory");
        var store = host.Services.GetRequiredService<ILatchStore>();
        var app = (await store.ListResourcesAsync(10, default)).Single(r => r.Name == "Payroll");
        var alex = (await store.ListUsersAsync(10, default)).Single(u => u.UserName == "alex");

        await client.GetAsync("/policies/new");
        await client.PostAsync("policy", ("Form.Name", "Code outside"), ("Form.State", "enabled"), ("Form.UsersInclude", "all"),
            ("Form.ResourcesInclude", app.Id), ("Form.LocationsInclude", "any"), ("Form.LocationsExclude", "trusted"), ("Form.RequireCode", "true"),
            ("Form.CodeTtlSeconds", "soon"));
        Assert.Contains("whole numbers", client.LastPage);
        await client.PostAsync("policy", ("Form.Name", "Code outside"), ("Form.State", "enabled"), ("Form.UsersInclude", "all"),
            ("Form.ResourcesInclude", "res_00000000000000000000"), ("Form.RequireCode", "true"));
        Assert.True(client.LastPage.Contains("names ids that do not exist", StringComparison.Ordinal), System.Text.RegularExpressions.Regex.Match(client.LastPage, "<div class=\"alert error\".*?</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        await client.PostAsync("policy", ("Form.Name", "Code outside"), ("Form.State", "enabled"), ("Form.UsersInclude", "all"),
            ("Form.ResourcesInclude", app.Id), ("Form.LocationsInclude", "any"), ("Form.LocationsExclude", "trusted"), ("Form.RequireCode", "true"));
        Assert.Contains("Saved.", client.LastPage);
        var policy = (await store.ListPoliciesAsync(default)).Single();

        await client.GetAsync("/policies");
        await client.PostAsync("toggle-" + policy.Id);
        Assert.Contains("is now reportOnly", client.LastPage);
        await client.GetAsync($"/policies/{policy.Id}/history");
        Assert.Contains("<ins>", client.LastPage);

        await client.GetAsync("/what-if");
        await client.PostAsync("what-if", ("Form.UserId", alex.Id), ("Form.ResourceId", app.Id), ("Form.Ip", "203.0.113.7"));
        Assert.Contains("Decision: <span class=\"badge allow\"", client.LastPage); // report-only: recorded, not enforced
        Assert.Contains("Code outside", client.LastPage);

        await client.GetAsync("/codes");
        await client.PostAsync("issue", ("Form.UserId", alex.Id), ("Form.ResourceId", app.Id), ("Form.TtlSeconds", "600"));
        Assert.Matches(@"id=""issued-code"">\d{6}<", client.LastPage);
        var codeId = Regex.Match(client.LastPage, @"data-code=""(cod_[a-z0-9]+)""").Groups[1].Value;
        await client.PostAsync("revoke-" + codeId);
        Assert.Contains($"Code {codeId} revoked", client.LastPage);
        await client.PostAsync("issue", ("Form.UserId", alex.Id), ("Form.ResourceId", app.Id));
        await client.PostAsync("issue", ("Form.UserId", alex.Id), ("Form.ResourceId", app.Id));
        await client.PostAsync("revoke-all", ("Bulk.UserId", alex.Id));
        Assert.Contains("2 code(s) of alex revoked", client.LastPage);
        await client.PostAsync("revoke-all");
        Assert.Contains("Choose a user or a resource", client.LastPage);

        await client.GetAsync("/accounts");
        await client.PostAsync("add-account", ("Form.UserName", "audrey"), ("Form.Password", UiHost.Password), ("Form.Role", "auditor"));
        Assert.Contains("id=\"created-secret\"", client.LastPage);

        await client.GetAsync($"/policies/{policy.Id}");
        await client.PostAsync("delete-policy");
        Assert.Equal("/policies", client.LastUri!.AbsolutePath);
        Assert.Empty(await store.ListPoliciesAsync(default));

        await client.GetAsync("/audit?verify=true");
        Assert.Contains("The hash chain is valid", client.LastPage);
        Assert.DoesNotContain(UiHost.Password, client.LastPage);

        await client.GetAsync("/");
        await AssertSignsOutAsync(client, "/sign-out", "/sign-in", "/policies");
    }

    [Fact]
    public async Task The_self_service_portal_works_without_javascript()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        using var admin = new FormClient(host.BaseAddress);
        await SignInAsync(admin, "ada", secret);
        await admin.GetAsync("/directory");
        await admin.PostAsync("add-resource", ("ResourceForm.Name", "Payroll"), ("ResourceForm.Kind", "app"));
        await admin.PostAsync("add-user", ("UserForm.UserName", "alex"));
        var store = host.Services.GetRequiredService<ILatchStore>();
        var app = (await store.ListResourcesAsync(10, default)).Single(r => r.Name == "Payroll");
        await admin.GetAsync("/policies/new");
        await admin.PostAsync("policy", ("Form.Name", "Always a code"), ("Form.State", "enabled"), ("Form.UsersInclude", "all"),
            ("Form.ResourcesInclude", app.Id), ("Form.RequireCode", "true"));

        using var user = new FormClient(host.BaseAddress);
        await user.GetAsync("/my");
        Assert.Equal("/my/sign-in", user.LastUri!.AbsolutePath);
        await user.PostAsync("my-sign-in", ("Name.UserName", "alex"));
        await user.PostAsync("my-sign-in-code", ("Code.Code", await OutboxCodeAsync(host, admin, 1)));
        Assert.Equal("/my", user.LastUri!.AbsolutePath);

        await user.PostAsync("request", ("Request.ResourceId", app.Id));
        Assert.Contains("A code is needed", user.LastPage);
        await user.PostAsync("send-outbox");
        Assert.Contains("on its way by outbox", user.LastPage);
        await user.PostAsync("answer", ("Answer.Code", await OutboxCodeAsync(host, admin, 2)));
        Assert.Contains("Access granted", user.LastPage);

        var signIn = (await store.ListSignInsAsync(new Latch.Storage.SignIns.SignInQuery(null, null, null, null, null, null, 1), default)).Single();
        await admin.GetAsync($"/sign-ins/{signIn.Id}");
        await admin.PostAsync("revoke-session");
        Assert.Contains($"Session {signIn.SessionId} revoked", admin.LastPage);
        Assert.NotNull((await store.FindSessionAsync(signIn.SessionId!, default))!.RevokedAt);

        await user.PostAsync("enroll");
        Assert.Contains("<svg", user.LastPage);
        await user.PostAsync("activate", ("Activate.Code", "000000"));
        Assert.Contains("does not match", user.LastPage);

        await user.GetAsync("/my");
        await AssertSignsOutAsync(user, "/my/sign-out", "/my/sign-in", "/my");
    }

    /// <summary>Signs out with the last page's form token: the sign-in page follows, and so it does for a page after.</summary>
    private static async Task AssertSignsOutAsync(FormClient client, string signOut, string signIn, string page)
    {
        await client.PostRawAsync(signOut, "");
        Assert.Equal(signIn, client.LastUri!.AbsolutePath);
        await client.GetAsync(page); // the session is gone, not just the page left
        Assert.Equal(signIn, client.LastUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_portal_sends_one_name_three_codes_in_a_row_then_makes_it_wait()
    {
        await using var host = await UiHost.StartAsync();
        using var visitor = new FormClient(host.BaseAddress);

        // Asked for whatever the case; an unknown name counts the same, so the wait does not tell who has an account.
        foreach (var name in new[] { "nobody", "Nobody", "NOBODY" })
        {
            await visitor.GetAsync("/my/sign-in");
            await visitor.PostAsync("my-sign-in", ("Name.UserName", name));
            Assert.Contains("If that user name exists", visitor.LastPage);
        }

        await visitor.GetAsync("/my/sign-in");
        await visitor.PostAsync("my-sign-in", ("Name.UserName", "nobody"));
        Assert.Contains("Too many sign-in codes were asked for. Wait 30 s", visitor.LastPage);

        await visitor.GetAsync("/my/sign-in");
        await visitor.PostAsync("my-sign-in", ("Name.UserName", "somebody else"));
        Assert.Contains("If that user name exists", visitor.LastPage);
    }

    [Fact]
    public async Task A_visit_is_scheduled_and_cancelled_without_javascript()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("otto", "operator");
        var adminSecret = await host.AddAccountAsync("ada", "admin");
        using var admin = new FormClient(host.BaseAddress);
        await SignInAsync(admin, "ada", adminSecret);
        await admin.GetAsync("/directory");
        await admin.PostAsync("add-resource", ("ResourceForm.Name", "Front door"), ("ResourceForm.Kind", "door"));
        await admin.PostAsync("add-user", ("UserForm.UserName", "tech"));
        var store = host.Services.GetRequiredService<ILatchStore>();
        var door = (await store.ListResourcesAsync(10, default)).Single();
        var tech = (await store.ListUsersAsync(10, default)).Single();

        using var operatorClient = new FormClient(host.BaseAddress);
        await SignInAsync(operatorClient, "otto", secret);
        await operatorClient.GetAsync("/visits");
        await operatorClient.PostAsync("schedule", ("Form.UserId", tech.Id), ("Form.ResourceId", door.Id), ("Form.Start", "yesterday-ish"));
        Assert.Contains("ISO 8601", operatorClient.LastPage);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        await operatorClient.PostAsync("schedule", ("Form.UserId", tech.Id), ("Form.ResourceId", door.Id),
            ("Form.Start", start.ToString("O")), ("Form.End", start.AddHours(2).ToString("O")), ("Form.Method", "outbox"));
        Assert.Contains("Visit scheduled", operatorClient.LastPage);
        var visit = (await store.ListVisitsAsync(new Latch.Storage.Visits.VisitQuery(null, null, null, false, 10), default)).Single();
        await operatorClient.PostAsync("cancel-" + visit.Id);
        Assert.Contains("Visit cancelled", operatorClient.LastPage);
        Assert.NotNull((await store.FindVisitAsync(visit.Id, default))!.CancelledAt);
    }

    [Fact]
    public async Task Malformed_form_values_get_a_message_never_a_server_error()
    {
        await using var host = await UiHost.StartAsync();
        var secret = await host.AddAccountAsync("ada", "admin");
        using var client = new FormClient(host.BaseAddress);
        await SignInAsync(client, "ada", secret);

        var attempts = new (string Page, string Form, (string, string)[] Fields)[]
        {
            ("/policies/new", "policy", [("Form.Name", "x"), ("Form.State", "sideways"), ("Form.Block", "maybe"), ("Form.Version", "v2"), ("Form.Operator", "xor")]),
            ("/policies/new", "policy", [("Form.Name", new string('n', 5000)), ("Form.State", "enabled"), ("Form.TimeFrom", "25:99"), ("Form.TimeZone", "Mars/Base")]),
            ("/what-if", "what-if", [("Form.UserId", "usr_nope"), ("Form.At", "not a time"), ("Form.SignInRisk", "extreme")]),
            ("/what-if", "what-if", [("Form.UserId", "usr_00000000000000000000"), ("Form.ResourceId", "res_00000000000000000000"), ("Form.Ip", "999.1.1.1")]),
            ("/codes", "issue", [("Form.UserId", "usr_x"), ("Form.TtlSeconds", "-5"), ("Form.MaxUses", "many")]),
            ("/codes", "issue", [("Form.UserId", "usr_x"), ("Form.ResourceId", "res_x"), ("Form.Method", "pigeon")]),
            ("/directory", "add-location", [("LocationForm.Name", ""), ("LocationForm.Cidrs", "everything"), ("LocationForm.Trusted", "perhaps")]),
            ("/directory", "add-user", [("UserForm.UserName", ""), ("UserForm.Email", "nope"), ("UserForm.Role", "god")]),
            ("/visits", "schedule", [("Form.Start", "2026-01-01T00:00:00Z"), ("Form.End", "2025-01-01T00:00:00Z"), ("Form.LeadMinutes", "x")]),
            ("/accounts", "add-account", [("Form.UserName", "a b"), ("Form.Password", "short"), ("Form.Role", "root")]),
            ("/sign-ins?from=garbage&decision=maybe", "", []),
            ("/audit?verify=yes&action=%00", "", []),
        };
        foreach (var (page, form, fields) in attempts)
        {
            await client.GetAsync(page);
            Assert.True((int)client.LastStatus < 500, $"GET {page} answered {client.LastStatus}");
            if (form.Length > 0)
            {
                await client.PostAsync(form, fields);
                Assert.True((int)client.LastStatus < 500, $"{form} on {page} answered {client.LastStatus}: {client.LastPage}");
                Assert.Contains("class=\"alert error\"", client.LastPage);
            }
        }
    }

    /// <summary>Waits for the n-th message of the outbox page (the delivery queue writes it a moment later) and reads its code.</summary>
    internal static async Task<string> OutboxCodeAsync(UiHost host, FormClient admin, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await admin.GetAsync("/outbox");
            var codes = Regex.Matches(page, @"class=""mono outbox-code"">([0-9A-Za-z]+)<");
            if (codes.Count >= count)
            {
                return codes[0].Groups[1].Value; // newest first
            }

            Assert.True(DateTime.UtcNow < deadline, "The outbox message did not arrive.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"<code class=""secret"">([A-Z2-7]+)</code>")]
    private static partial Regex SecretRegex();
}
