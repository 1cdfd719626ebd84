using Latch.Server.Tests.Hosting;

namespace Latch.Cli.Tests;

/// <summary>A real <c>latch serve</c> process with the door controllers' mTLS listener on, and an admin client for it.</summary>
internal static class DoorServer
{
    /// <summary>The environment for a server over <paramref name="store"/>, its mTLS listener at <paramref name="mtlsUrl"/>.</summary>
    public static Dictionary<string, string> Environment(StoreSetup store, string mtlsUrl)
    {
        var environment = new Dictionary<string, string>
        {
            ["LATCH_BOOTSTRAP_ADMIN_KEY"] = LatchHost.AdminKey,
            ["Latch__Store"] = store.Kind,
            ["Latch__Doors__MtlsUrl"] = mtlsUrl,
        };
        if (store.PostgresConnectionString is { } postgres)
        {
            environment["ConnectionStrings__Postgres"] = postgres;
        }

        return environment;
    }

    /// <summary>An mTLS URL on a free loopback port, kept across restarts so a controller finds Latch where it was.</summary>
    public static string MtlsUrl() => $"https://127.0.0.1:{ServerProcess.FreePort()}";

    public static Task<ServerProcess> StartAsync(StoreSetup store, string mtlsUrl) => ServerProcess.StartAsync(store.DataFolder, Environment(store, mtlsUrl));

    public static LatchApi Admin(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", LatchHost.AdminKey);
        return new LatchApi(http);
    }

    public static async Task<string> OfflineDoorAsync(LatchApi admin, string name)
    {
        var door = await admin.CreateResourceAsync(name);
        var (status, config) = await admin.SendAsync(HttpMethod.Put, $"/v1/doors/{door}/config", new { offlineMode = true });
        Assert.True(status == 200, $"config answered {status}: {config}");
        return door;
    }
}
