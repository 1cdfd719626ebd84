using Latch.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Ui;

/// <summary>What a UI action came to: a value, or a message the page shows next to the form.</summary>
internal sealed record UiOutcome<T>(T? Value, string? Error, IReadOnlyList<string> Details)
{
    public bool Succeeded => Error is null;

    public static UiOutcome<T> Ok(T value) => new(value, null, []);

    public static UiOutcome<T> Fail(string error, IReadOnlyList<string>? details = null) => new(default, error, details ?? []);

    /// <summary>
    /// Reads the answer of a server service shared with the API: its value when it succeeded, else the problem's
    /// detail and each field error, so the page says what the API would have said.
    /// </summary>
    public static UiOutcome<T> From(IResult result) => result switch
    {
        IValueHttpResult { Value: T value } => Ok(value),
        ProblemResult { Problem: var p } => Fail(p.Code == "latch.request.invalid" ? "Fix these fields:" : p.Title + " " + p.Detail,
            p.Errors is null ? [] : [.. p.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]),
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => new(default, null, []),
        _ => Fail("Latch could not do that."),
    };
}
