using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Http;

public static class ProblemMetadata
{
    /// <summary>Documents Latch's own problem shape (with its stable <c>code</c>) for the given statuses in OpenAPI.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<Problem>(status, ProblemResult.ContentType);
        }

        return builder;
    }
}
