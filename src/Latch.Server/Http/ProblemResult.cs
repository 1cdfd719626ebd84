using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace Latch.Server.Http;

/// <summary>Writes a <see cref="Problem"/> as <c>application/problem+json</c>.</summary>
internal sealed class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
{
    public const string ContentType = "application/problem+json";

    public int? StatusCode => problem.Status;

    public Problem Problem => problem;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = problem.Status;
        httpContext.Response.ContentType = ContentType;
        return JsonSerializer.SerializeAsync(httpContext.Response.Body, problem, LatchJson.Default.Problem, httpContext.RequestAborted);
    }
}
