using System.CommandLine;
using System.Security.Cryptography;
using Latch.Cli.Doors;
using Latch.Controller;
using Latch.Controller.State;
using Latch.Controller.Transport;

namespace Latch.Cli.Commands;

/// <summary><c>latch door enroll|simulate</c>: register a door controller, and run one in the terminal.</summary>
internal static class DoorCommands
{
    public static Command Create(ConnectionOptions connection, TextReader input, TextWriter output, TextWriter error) =>
        new("door", "Door controllers: enroll one, or simulate one at a keypad prompt")
        {
            Enroll(connection, output, error),
            Simulate(input, output, error),
        };

    private static Command Enroll(ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var door = new Option<string>("--door") { Description = "Door resource id (res_...)", Required = true };
        var folder = new Option<string>("--out") { Description = "State folder to write the credential, key and certificates to", Required = true };
        var name = new Option<string?>("--name") { Description = "Controller name shown to admins (default: simulator)" };
        var enroll = new Command("enroll", "Register a controller for a door (admin API key), with a key pair made here and a certificate signed by Latch") { door, folder, name };
        connection.AddTo(enroll);
        enroll.SetAction((result, ct) => CliOutput.GuardAsync(error, async () =>
        {
            var server = new Uri(result.GetValue(connection.Server)!);
            using var admin = connection.Client(result);
            return await new DoorEnrollment(admin, server, output, error)
                .RunAsync(result.GetValue(door)!, result.GetValue(folder)!, result.GetValue(name) ?? "simulator", ct);
        }));
        return enroll;
    }

    private static Command Simulate(TextReader input, TextWriter output, TextWriter error)
    {
        var door = new Option<string>("--door") { Description = "Door resource id (res_...)", Required = true };
        var folder = new Option<string?>("--state") { Description = "State folder: credential, twin, used codes, event log (default: ./latch-door-<door>)" };
        var server = new Option<string?>("--server") { Description = "Latch server URL (default: the state folder's)" };
        var key = new Option<string?>("--key") { Description = "Device key of the controller" };
        var cert = new Option<string?>("--cert") { Description = "Client certificate PEM (mutual TLS)" };
        var certKey = new Option<string?>("--cert-key") { Description = "Private key PEM of the client certificate" };
        var ca = new Option<string?>("--ca") { Description = "CA PEM the server's certificate must chain to" };
        var offset = new Option<int>("--clock-offset") { Description = "Seconds to add to this controller's clock (simulate a wrong clock)" };
        var simulate = new Command("simulate", "Run a door controller at a keypad prompt: codes, 'sync', 'status', 'quit'")
        {
            door, folder, server, key, cert, certKey, ca, offset,
        };
        simulate.SetAction(async (result, ct) =>
        {
            var doorId = result.GetValue(door)!;
            var state = ControllerState.Load(result.GetValue(folder) ?? "latch-door-" + doorId);
            var (credential, problem) = Resolve(state.Credential, doorId, result.GetValue(server), result.GetValue(key), result.GetValue(cert), result.GetValue(certKey), result.GetValue(ca));
            if (credential is null)
            {
                await error.WriteLineAsync("error: " + problem);
                return CliOutput.Failed;
            }

            state.SaveCredential(credential);
            await output.WriteLineAsync($"controller for door {doorId}, state {state.Folder}, Latch at {credential.Server}");
            HttpDoorTransport transport;
            try
            {
                transport = new HttpDoorTransport(credential);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                await error.WriteLineAsync("error: cannot load the certificate files: " + e.Message);
                return CliOutput.Failed;
            }

            using var owned = transport;
            var options = new DoorControllerOptions { Firmware = "latch-simulator/1.0", ClockOffset = TimeSpan.FromSeconds(result.GetValue(offset)) };
            using var controller = new DoorController(state, transport, TimeProvider.System, options);
            return await new DoorSimulator(controller, input, output, TimeProvider.System).RunAsync(ct);
        });
        return simulate;
    }

    /// <summary>The state folder's credential with what the command line gives laid over it; a new key or certificate replaces the old ones.</summary>
    private static (ControllerCredential? Credential, string? Problem) Resolve(
        ControllerCredential? saved, string doorId, string? server, string? key, string? cert, string? certKey, string? ca)
    {
        if (saved is not null && saved.DoorId != doorId)
        {
            return (null, $"the state folder belongs to door {saved.DoorId}");
        }

        if ((cert is null) != (certKey is null))
        {
            return (null, "--cert and --cert-key go together");
        }

        if ((server ?? saved?.Server.ToString()) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var serverUri))
        {
            return (null, "no Latch server: pass --server URL");
        }

        var credential = saved ?? new ControllerCredential(serverUri, doorId);
        credential = credential with { Server = serverUri };
        if (key is not null || cert is not null)
        {
            credential = credential with
            {
                DeviceKey = key,
                CertificatePath = cert is null ? null : Path.GetFullPath(cert),
                CertificateKeyPath = certKey is null ? null : Path.GetFullPath(certKey),
            };
        }

        if (ca is not null)
        {
            credential = credential with { CaPath = Path.GetFullPath(ca) };
        }

        return credential.DeviceKey is null && !credential.HasCertificate
            ? (null, "no credential: pass --key, or --cert and --cert-key (see latch door enroll)")
            : (credential, null);
    }
}
