using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Latch.Server.Http;

/// <summary>
/// A query or route value that the endpoint's typed parameter could not take (<c>?limit=abc</c>), answered like any
/// other invalid field: 400 <c>latch.request.invalid</c> naming the parameter and the form it needs. Minimal APIs
/// report it only as a <see cref="BadHttpRequestException"/> whose message names the parameter; the value itself is
/// not repeated back.
/// </summary>
internal static partial class QueryValueProblem
{
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[A-Za-z]+)" from """, RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailed();

    /// <summary>The problem for a value of the wrong form, or null when <paramref name="e"/> is about something else.</summary>
    public static IResult? Of(BadHttpRequestException e)
    {
        var match = BindingFailed().Match(e.Message);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        return Problems.Invalid(name, $"{name} must be {Expected(match.Groups["type"].Value)}.");
    }

    // The framework names a type as C# does ("int?"), or as "Nullable<int>".
    private static string Expected(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', '>') switch
    {
        "int" or "long" => "a whole number",
        "bool" => "true or false",
        "DateTimeOffset" => "a date and time with its offset, such as 2026-11-23T09:00:00Z",
        _ => "of the form /openapi/v1.json gives",
    };
}
