using System.Text.RegularExpressions;
using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>The admin commands against a real server.</summary>
public sealed partial class CliCommandTests : IAsyncLifetime
{
    private StoreSetup _store = null!;
    private LatchHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreSetup.CreateAsync("sqlite");
        _host = await LatchHost.StartAsync(_store);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LatchCli.RunAsync([.. args, "--server", _host.BaseAddress.ToString(), "--key", LatchHost.AdminKey], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_user_is_added_a_code_issued_verified_once_and_the_audit_chain_checked()
    {
        var (exit, userId, _) = await RunAsync("user", "add", "ada", "--email", "ada@example.com");
        Assert.Equal(0, exit);
        userId = userId.Trim();
        Assert.StartsWith("usr_", userId, StringComparison.Ordinal);
        var door = await new LatchApi(_host.Client()).CreateResourceAsync("Front door");

        var (issueExit, table, _) = await RunAsync("code", "issue", "--user", userId, "--resource", door);
        Assert.Equal(0, issueExit);
        var code = CodeRow().Match(table).Groups[1].Value;
        Assert.Matches("^[0-9]{6}$", code);

        var (granted, grantedText, _) = await RunAsync("code", "verify", "--resource", door, code);
        Assert.Equal(0, granted);
        Assert.Contains("granted: user " + userId, grantedText, StringComparison.Ordinal);

        var (denied, deniedText, _) = await RunAsync("code", "verify", "--resource", door, code);
        Assert.Equal(2, denied);
        Assert.Contains("denied: consumed", deniedText, StringComparison.Ordinal);

        var (auditExit, auditText, _) = await RunAsync("audit", "verify");
        Assert.Equal(0, auditExit);
        Assert.Contains("audit chain valid", auditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_code_is_denied_as_revoked()
    {
        var api = new LatchApi(_host.Client());
        var user = await api.CreateUserAsync("ada");
        var door = await api.CreateResourceAsync("Front door");
        var (id, code) = await api.IssueAsync(user, door);

        var (exit, text, _) = await RunAsync("code", "revoke", id);
        Assert.Equal(0, exit);
        Assert.Contains("revoked", text, StringComparison.Ordinal);
        Assert.Equal("revoked", LatchApi.Reason((await api.VerifyAsync(door, code)).Body));
    }

    [Fact]
    public async Task Errors_are_reported_with_the_problem_code_and_a_failing_exit()
    {
        var (exit, _, error) = await RunAsync("code", "issue", "--user", "usr_00000000000000000000", "--resource", "res_00000000000000000000");
        Assert.Equal(1, exit);
        Assert.Contains("latch.user.not-found", error, StringComparison.Ordinal);

        using var output = new StringWriter();
        using var err = new StringWriter();
        var unreachable = await LatchCli.RunAsync(["audit", "verify", "--server", "http://127.0.0.1:9", "--key", "x"], output, err);
        Assert.Equal(1, unreachable);
        Assert.Contains("cannot reach", err.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"│\s*code\s*│\s*([0-9A-Z]+)\s*│")]
    private static partial Regex CodeRow();
}
