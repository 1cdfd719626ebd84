using System.CommandLine;
using System.Text.Json.Nodes;

namespace Latch.Cli.Commands;

/// <summary><c>latch user add</c>.</summary>
internal static class UserCommands
{
    public static Command Create(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var command = new Command("user", "Manage users");
        connection.AddTo(command);
        var name = new Argument<string>("userName") { Description = "Unique user name" };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown to people" };
        var email = new Option<string?>("--email") { Description = "Email address" };
        var phone = new Option<string?>("--phone") { Description = "Phone in international form (+4930...)" };
        var add = new Command("add", "Create a user and print its id") { name, displayName, email, phone };
        add.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            var body = new JsonObject { ["userName"] = result.GetValue(name) };
            foreach (var (field, option) in new[] { ("displayName", displayName), ("email", email), ("phone", phone) })
            {
                if (result.GetValue(option) is { } value)
                {
                    body[field] = value;
                }
            }

            using var client = connection.Client(result);
            var (status, answer) = await client.SendAsync(HttpMethod.Post, "/v1/users", body, ct);
            if (status != 201)
            {
                return CliOutput.Problem(error, status, answer);
            }

            await output.WriteLineAsync(answer?["id"]?.GetValue<string>());
            return CliOutput.Ok;
        }));
        command.Add(add);
        return command;
    }
}
