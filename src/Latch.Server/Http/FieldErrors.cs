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

        return trimmed;
    }
}
