using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Latch.Controller.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Latch.Cli.Tests;

/// <summary>
/// A stand-in for the controller side of the doors contract on a real loopback port (the real endpoints come with the
/// server work): serves a twin, measures skew, opens the codes it is told about, keeps events idempotently by seq.
/// </summary>
internal sealed class DoorsStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DoorsStandIn(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public Dictionary<string, string> Holders { get; } = [];

    public List<JsonNode> Events { get; } = [];

    public static async Task<DoorsStandIn> StartAsync(DoorTwin twin, string deviceKey)
    {
        string url;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var standIn = new DoorsStandIn(app, url);
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + deviceKey)
            {
                context.Response.StatusCode = 401;
                return;
            }

            await next(context);
        });
        var door = app.MapGroup("/v1/doors/" + twin.DoorId);
        door.MapGet("/twin", () => Results.Content(TwinJson.Write(twin with { ServerTime = DateTimeOffset.UtcNow }).ToJsonString(), "application/json"));
        door.MapPut("/twin/reported", async (HttpContext context) =>
        {
            var report = await JsonNode.ParseAsync(context.Request.Body);
            var skew = (TwinJson.Time(report!["clock"]) - DateTimeOffset.UtcNow).TotalSeconds;
            return Results.Json(new { skewSeconds = Math.Round(skew) + 0.0, status = Math.Abs(skew) > 30 ? "outOfSync" : "inSync" });
        });
        door.MapPost("/unlock", async (HttpContext context) =>
        {
            var code = (await JsonNode.ParseAsync(context.Request.Body))!["code"]!.GetValue<string>();
            return standIn.Holders.Remove(code, out var user)
                ? Results.Json(new { open = true, userId = user, codeId = "cod_1" })
                : Results.Json(new { open = false, reason = "invalid" }, statusCode: 403);
        });
        door.MapPost("/events", async (HttpContext context) =>
        {
            var events = (await JsonNode.ParseAsync(context.Request.Body))!["events"]!.AsArray();
            lock (standIn.Events)
            {
                foreach (var entry in events)
                {
                    if (entry!["seq"]!.GetValue<long>() > standIn.Events.Count)
                    {
                        standIn.Events.Add(entry.DeepClone());
                    }
                }

                return Results.Json(new { acceptedThrough = standIn.Events.Count });
            }
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
