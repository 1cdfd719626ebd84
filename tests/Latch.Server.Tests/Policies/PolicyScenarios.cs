namespace Latch.Server.Tests.Policies;

/// <summary>
/// The conditional-access scenario table (SPEC "Policy semantics"). Each row names its policies, the request and the
/// verdicts it expects; the directory it refers to is <see cref="PolicyFixture"/>. This file: assignments, grant
/// controls, policy states and refused requests; PolicyScenarios.Conditions.cs: conditions.
/// </summary>
public static partial class PolicyScenarios
{
    public static IReadOnlyList<PolicyScenario> All { get; } =
        [.. Assignments(), .. Grants(), .. States(), .. Refusals(), .. Risk(), .. Locations(), .. Addresses(), .. Devices(), .. Times()];

    public static PolicyScenario Named(string name) => All.Single(s => s.Name == name);

    private static ExpectedVerdict V(string policy, bool applied, string result, params string[] reasons) => new(policy, applied, result, reasons);

    private static ExpectedVerdict Off(string policy, string reason) => new(policy, false, "notApplied", reason);

    private static IEnumerable<PolicyScenario> Assignments()
    {
        var block = PolicySpec.Blocking("Block");
        yield return new("All users are included", [block], new(), "block",
            V("Block", true, "block", "user included (all users)"));
        yield return new("A user not included is not assigned", [block with { Users = ["@ada"] }], new("@bob"), "allow",
            Off("Block", "user not included"));
        yield return new("A user included by id is assigned", [block with { Users = ["@ada"] }], new("@ada"), "block",
            V("Block", true, "block", "user '@ada' included"));
        yield return new("A user excluded by id wins over all", [block with { ExcludeUsers = ["@ada"] }], new("@ada"), "allow",
            Off("Block", "user '@ada' excluded"));
        yield return new("A user excluded by id wins over their own inclusion", [block with { Users = ["@ada"], ExcludeUsers = ["@ada"] }], new("@ada"), "allow",
            Off("Block", "user '@ada' excluded"));
        yield return new("A group member is included", [block with { Users = [], IncludeGroups = ["@staff"] }], new("@bob"), "block",
            V("Block", true, "block", "group '@staff' included"));
        yield return new("A user outside the included group is not assigned", [block with { Users = [], IncludeGroups = ["@staff"] }], new("@cyd"), "allow",
            Off("Block", "user not included"));
        yield return new("Group exclusion wins over group inclusion", [block with { Users = [], IncludeGroups = ["@staff"], ExcludeGroups = ["@contractors"] }], new("@bob"), "allow",
            Off("Block", "group '@contractors' excluded"));
        yield return new("Group exclusion leaves other members included", [block with { Users = [], IncludeGroups = ["@staff"], ExcludeGroups = ["@contractors"] }], new("@ada"), "block",
            V("Block", true, "block", "group '@staff' included"));
        yield return new("Group exclusion beats user inclusion", [block with { Users = ["@bob"], ExcludeGroups = ["@contractors"] }], new("@bob"), "allow",
            Off("Block", "group '@contractors' excluded"));
        yield return new("Group exclusion of all users spares only members", [block with { ExcludeGroups = ["@staff"] }], new("@cyd"), "block",
            V("Block", true, "block", "user included (all users)"));
        yield return new("A resource included by id is assigned", [block with { Resources = ["@door"] }], new(Resource: "@door"), "block",
            V("Block", true, "block", "resource '@door' included"));
        yield return new("A resource not included is not assigned", [block with { Resources = ["@door"] }], new(Resource: "@app"), "allow",
            Off("Block", "resource not included"));
        yield return new("A resource excluded wins over all", [block with { ExcludeResources = ["@door"] }], new(Resource: "@door"), "allow",
            Off("Block", "resource '@door' excluded"));
        yield return new("A resource both included and excluded is excluded", [block with { Resources = ["@door"], ExcludeResources = ["@door"] }], new(Resource: "@door"), "allow",
            Off("Block", "resource '@door' excluded"));
        yield return new("Other resources stay included when one is excluded", [block with { ExcludeResources = ["@door"] }], new(Resource: "@app"), "block",
            V("Block", true, "block", "resource included (all resources)"));
    }

    private static IEnumerable<PolicyScenario> Grants()
    {
        var code = PolicySpec.Code("Code");
        var device = new PolicySpec("Device") { Requirements = ["requireCompliantDevice"] };
        var both = new PolicySpec("Both") { Requirements = ["requireCode", "requireCompliantDevice"] };
        var either = both with { Name = "Either", Operator = "or" };
        yield return new("No policy means allow", [], new(), "allow");
        yield return new("No applying policy means allow", [code with { Users = ["@bob"] }], new("@ada"), "allow",
            Off("Code", "user not included"));
        yield return new("A code requirement challenges", [code], new(), "challenge",
            V("Code", true, "requireCode", "grant: requireCode"));
        yield return new("Block wins over a code requirement", [code, PolicySpec.Blocking("Block")], new(), "block",
            V("Code", true, "requireCode"), V("Block", true, "block", "grant: block"));
        yield return new("Requirements of two policies add up: a compliant device still needs the code", [code, device], new() { Device = "@laptop" }, "challenge",
            V("Code", true, "requireCode"), V("Device", true, "satisfied", "grant: requireCompliantDevice; device compliant"));
        yield return new("Requirements of two policies add up: a non-compliant device blocks", [code, device], new() { Device = "@phone" }, "block",
            V("Code", true, "requireCode"), V("Device", true, "unsatisfiable", "grant: requireCompliantDevice; device not compliant"));
        yield return new("A compliant device alone satisfies requireCompliantDevice", [device], new() { Device = "@laptop" }, "allow",
            V("Device", true, "satisfied", "device compliant"));
        yield return new("requireCompliantDevice with no device known blocks", [device], new(), "block",
            V("Device", true, "unsatisfiable", "no device known"));
        yield return new("And: code and a compliant device challenge for the code", [both], new() { Device = "@laptop" }, "challenge",
            V("Both", true, "requireCode", "grant: requireCode and requireCompliantDevice; device compliant"));
        yield return new("And: a non-compliant device cannot be fixed on the spot", [both], new() { Device = "@phone" }, "block",
            V("Both", true, "unsatisfiable", "device not compliant"));
        yield return new("Or: a compliant device is enough", [either], new() { Device = "@laptop" }, "allow",
            V("Either", true, "satisfied", "grant: requireCode or requireCompliantDevice; device compliant"));
        yield return new("Or: without a compliant device the code is enough", [either], new() { Device = "@phone" }, "challenge",
            V("Either", true, "requireCode", "grant: requireCode or requireCompliantDevice; device not compliant"));
    }

    private static IEnumerable<PolicyScenario> States()
    {
        yield return new("A report-only block is applied but not enforced", [PolicySpec.Blocking("Block") with { State = "reportOnly" }], new(), "allow",
            V("Block", true, "block", "grant: block"));
        yield return new("A report-only code requirement is applied but not enforced", [PolicySpec.Code("Code") with { State = "reportOnly" }], new(), "allow",
            V("Code", true, "requireCode", "grant: requireCode"));
        yield return new("A report-only unsatisfiable requirement is not enforced",
            [new PolicySpec("Device") { State = "reportOnly", Requirements = ["requireCompliantDevice"] }], new() { Device = "@phone" }, "allow",
            V("Device", true, "unsatisfiable", "device not compliant"));
        yield return new("A report-only block does not mask an enabled requirement",
            [PolicySpec.Blocking("Block") with { State = "reportOnly" }, PolicySpec.Code("Code")], new(), "challenge",
            V("Block", true, "block"), V("Code", true, "requireCode"));
        yield return new("A disabled block is listed but not enforced", [PolicySpec.Blocking("Block") with { State = "disabled" }], new(), "allow",
            V("Block", true, "block"));
    }

    private static IEnumerable<PolicyScenario> Refusals()
    {
        var block = PolicySpec.Blocking("Block");
        yield return new("An unknown user is not found", [block], new("usr_0000000000000000000a"), "") { Status = 404, ProblemCode = "latch.user.not-found" };
        yield return new("An unknown resource is not found", [block], new(Resource: "res_0000000000000000000a"), "") { Status = 404, ProblemCode = "latch.resource.not-found" };
        yield return new("An unknown device is not found", [block], new() { Device = "dev_0000000000000000000a" }, "") { Status = 404, ProblemCode = "latch.device.not-found" };
        yield return new("A malformed IP is refused", [block], new() { Ip = "10.0.0.256" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("A non-address IP is refused", [block], new() { Ip = "not-an-ip" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("A shorthand IPv4 address is refused, not read as 10.0.0.1", [block], new() { Ip = "10.1" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("An IPv4 address with a leading zero is refused, not read as octal", [block], new() { Ip = "010.0.0.1" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("A hexadecimal IPv4 part is refused", [block], new() { Ip = "0x0a.0.0.1" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("A scoped IPv6 address is refused", [block], new() { Ip = "fe80::1%eth0" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("An unknown client app is refused", [block], new() { ClientApp = "fax" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
        yield return new("An unknown simulated risk level is refused", [block], new() { SignInRisk = "severe" }, "") { Status = 400, ProblemCode = "latch.request.invalid" };
    }
}
