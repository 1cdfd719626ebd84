using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Controller.Events;
using Latch.Controller.State;
using Latch.Controller.Twin;

namespace Latch.Controller.Transport;

/// <summary>
/// The doors contract over HTTP: a bearer device key and/or a client certificate, the server's certificate checked
/// against the CA from enrollment when there is one. Failures to reach Latch become <see cref="Reply{T}.Unreachable"/>.
/// </summary>
public sealed class HttpDoorTransport : IDoorTransport, IDisposable
{
    /// <summary>A keypad user waits for the answer: give up on Latch quickly and verify offline instead.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly string _doorPath;

    public HttpDoorTransport(ControllerCredential credential, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        var server = credential.Server.ToString();
        _http = new HttpClient(handler ?? CreateHandler(credential, timeout ?? DefaultTimeout))
        {
            BaseAddress = new Uri(server.EndsWith('/') ? server : server + "/"),
            Timeout = timeout ?? DefaultTimeout,
        };
        if (credential.DeviceKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _doorPath = "v1/doors/" + Uri.EscapeDataString(credential.DoorId);
    }

    /// <summary>
    /// The handler for <paramref name="credential"/>: its client certificate, and the enrollment CA as the only root
    /// the server's certificate may chain to. Validation is never turned off.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(ControllerCredential credential, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = connectTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (credential.HasCertificate)
        {
            var certificate = X509Certificate2.CreateFromPemFile(credential.CertificatePath!, credential.CertificateKeyPath);
            handler.SslOptions.ClientCertificates = [certificate];
        }

        if (credential.CaPath is { } caPath)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caPath);
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,

                // Latch's device CA publishes no revocation lists; a revoked controller is refused by thumbprint instead.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        return handler;
    }

    public Task<Reply<DoorTwin>> GetTwinAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, _doorPath + "/twin", null, (status, body) =>
            status == 200 ? new Reply<DoorTwin>.Answered(TwinJson.ParseTwin(body)) : null, ct);

    public Task<Reply<ReportAnswer>> ReportAsync(ReportedState state, CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["firmware"] = state.Firmware,
            ["clock"] = TwinJson.Write(state.Clock),
            ["lockState"] = state.Locked ? "locked" : "unlocked",
        };

        // Optional fields are left out rather than sent as null.
        if (state.LastSyncAt is { } last)
        {
            body["lastSyncAt"] = TwinJson.Write(last);
        }

        if (state.KeyVersion is { } version)
        {
            body["keyVersion"] = version;
        }
        return SendAsync(HttpMethod.Put, _doorPath + "/twin/reported", body, (status, answer) =>
            status == 200
                ? new Reply<ReportAnswer>.Answered(new ReportAnswer(answer?["skewSeconds"]?.GetValue<double>() ?? 0, answer?["status"]?.GetValue<string>()))
                : null, ct);
    }

    public Task<Reply<UnlockAnswer>> UnlockAsync(string code, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, _doorPath + "/unlock", new JsonObject { ["code"] = code }, (status, answer) =>
        {
            // Latch's rate limiter answering for the door: a deny like the contract's "throttled", not a refusal of the controller.
            if (status == 429)
            {
                return new Reply<UnlockAnswer>.Answered(new UnlockAnswer(false, Reason: "throttled"));
            }

            // A deny carries {open: false, reason}; a 403 without "open" is a problem (latch.door.notYourDoor): refused.
            if (status is 200 or 403 && answer?["open"] is { } open)
            {
                return new Reply<UnlockAnswer>.Answered(new UnlockAnswer(
                    open.GetValue<bool>(),
                    answer["userId"]?.GetValue<string>(),
                    answer["codeId"]?.GetValue<string>(),
                    answer["reason"]?.GetValue<string>(),
                    answer["policy"]?.GetValue<string>()));
            }

            return null;
        }, ct);

    public Task<Reply<long>> UploadEventsAsync(IReadOnlyList<DoorEvent> events, CancellationToken ct = default)
    {
        var body = new JsonObject { ["events"] = new JsonArray([.. events.Select(e => (JsonNode)e.ToJson())]) };
        return SendAsync(HttpMethod.Post, _doorPath + "/events", body, (status, answer) =>
            status == 200 ? new Reply<long>.Answered(answer?["acceptedThrough"]?.GetValue<long>() ?? 0) : null, ct);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends one call; <paramref name="read"/> turns an answer into a value, or null when it is a refusal.</summary>
    private async Task<Reply<T>> SendAsync<T>(HttpMethod method, string path, JsonNode? body, Func<int, JsonNode?, Reply<T>?> read, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
            {
                return new Reply<T>.Unreachable($"HTTP {status}");
            }

            var text = await response.Content.ReadAsStringAsync(ct);
            var answer = text.Length == 0 ? null : JsonNode.Parse(text);
            return read(status, answer) ?? new Reply<T>.Refused(status, (answer as JsonObject)?["code"]?.GetValue<string>());
        }
        catch (HttpRequestException e)
        {
            // Connection refused, name not found, TLS failure (an untrusted server is no better than none).
            return new Reply<T>.Unreachable(e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Reply<T>.Unreachable("timeout");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            // An answer that does not follow the contract cannot be acted on; the controller keeps to what it knows.
            return new Reply<T>.Unreachable("unreadable answer: " + e.Message);
        }
    }
}
