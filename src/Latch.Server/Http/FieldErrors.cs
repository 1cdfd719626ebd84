namespace Latch.Server.Http;

/// <summary>Collects per-field validation messages for one request.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> All => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>A required, trimmed, single-line text of at most <paramref name="max"/> characters.</summary>
    public string Required(string field, string? value, int max = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return "";
        }

        return Optional(field, value, max) ?? "";
    }

    /// <summary>
    /// An optional text that has content when given: an empty or blank one is refused rather than stored as "" or read
    /// as "none", so "no value" has one spelling; <paramref name="instead"/> says what that is.
    /// </summary>
    public string? OptionalNotBlank(string field, string? value, string instead, int max = 200)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} may not be empty; {instead}.");
            return null;
        }

        return Optional(field, value, max);
    }

    public string? Optional(string field, string? value, int max = 200)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            Add(field, $"{field} may be at most {max} characters.");
        }
        else if (trimmed.Any(char.IsControl))
        {
            Add(field, $"{field} may not contain control characters.");
        }
        else if (trimmed.Any(IsHiddenFormatting))
        {
            Add(field, $"{field} may not contain invisible or text-direction characters.");
        }

        return trimmed;
    }

    /// <summary>
    /// Characters that let two names look alike or a name display as something else: direction overrides and marks
    /// (Trojan Source, CVE-2021-42574), zero-width spaces, invisible operators, the byte-order mark and line separators.
    /// The zero-width (non-)joiners stay: some scripts and emoji need them.
    /// </summary>
    private static bool IsHiddenFormatting(char c) => c is '\u061C' or '\u200B' or '\u200E' or '\u200F' or '\uFEFF'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2064') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';
}
