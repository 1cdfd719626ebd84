using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace Latch.LoadPrep;

/// <summary>Issues codes with many requests in flight and streams their verify bodies to a file, one per line.</summary>
internal static class CodeIssuance
{
    // Long enough to outlive preparation plus both load runs; length 8 keeps collisions at one resource rare.
    private const int TtlSeconds = 3600;
    private const int CodeLength = 8;

    public static async Task<int> RunAsync(PrepOptions options)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminKey);

        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { SingleReader = true });
        var writer = WriteLinesAsync(lines.Reader, options.OutFile);

        var next = -1;
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Count)
            {
                var resourceId = options.ResourceIds[i % options.ResourceIds.Count];
                var body = await IssueAsync(http, new IssueRequest(options.UserId, resourceId, TtlSeconds, CodeLength));
                await lines.Writer.WriteAsync(JsonSerializer.Serialize(new VerifyBody(resourceId, body.Code), PrepJson.Default.VerifyBody));
            }
        }).ToArray();

        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            lines.Writer.Complete();
        }

        return await writer;
    }

    private static async Task<Issued> IssueAsync(HttpClient http, IssueRequest request)
    {
        using var response = await http.PostAsJsonAsync("/v1/codes", request, PrepJson.Default.IssueRequest);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"POST /v1/codes answered {(int)response.StatusCode}: {problem}");
        }

        return await response.Content.ReadFromJsonAsync(PrepJson.Default.Issued)
            ?? throw new InvalidOperationException("POST /v1/codes answered an empty body.");
    }

    private static async Task<int> WriteLinesAsync(ChannelReader<string> lines, string path)
    {
        var count = 0;
        await using var file = new StreamWriter(path, append: false) { NewLine = "\n" };
        await foreach (var line in lines.ReadAllAsync())
        {
            await file.WriteLineAsync(line);
            count++;
        }

        return count;
    }
}
