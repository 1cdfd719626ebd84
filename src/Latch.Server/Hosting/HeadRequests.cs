namespace Latch.Server.Hosting;

/// <summary>
/// RFC 9110 §9.3.2: HEAD is GET without the content, and a general-purpose server must support it (§9.1). A HEAD
/// request is routed as GET; Kestrel still knows it was HEAD and sends the headers without the body. The method is
/// restored on the way out, so what answers outside this middleware (a 405 problem, the logs) names HEAD.
/// </summary>
internal static class HeadRequests
{
    public static void UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) => HttpMethods.IsHead(context.Request.Method) ? RunAsGetAsync(context, next) : next(context));

    /// <summary>A 405's <c>Allow</c> lists HEAD wherever it lists GET, since HEAD is answered there too.</summary>
    public static void ListHeadBesideGet(IHeaderDictionary headers)
    {
        var allowed = headers.Allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (allowed.Contains(HttpMethods.Get) && !allowed.Contains(HttpMethods.Head))
        {
            headers.Allow = string.Join(", ", [.. allowed, HttpMethods.Head]);
        }
    }

    private static async Task RunAsGetAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
        }
    }
}
