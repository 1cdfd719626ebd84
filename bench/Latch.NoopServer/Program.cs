using Latch.NoopServer;
using Microsoft.AspNetCore.Http.HttpResults;

// The baseline for scripts/bench-http.sh: the same hosting as Latch (slim builder, Kestrel, source-generated
// JSON) and a POST that parses the verify body, with nothing behind it — no auth, no store, no audit.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0); // as Latch does
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NoopJson.Default));

var app = builder.Build();
app.MapPost("/v1/codes/verify", Results<Ok<NoopAnswer>, BadRequest> (VerifyBody body) =>
    body.ResourceId is null || body.Code is null
        ? TypedResults.BadRequest()
        : TypedResults.Ok(new NoopAnswer(true, body.ResourceId)));

app.Run();
