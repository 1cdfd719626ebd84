namespace Latch.Core.Codes;

/// <summary>How a latch code looks: its alphabet and length (SPEC "Latch codes": 6 to 8 digits, default 6).</summary>
public readonly record struct CodeFormat(CodeAlphabet Alphabet, int Length)
{
    public const int MinLength = 6;
    public const int MaxNumericLength = 8;
    public const int MaxAlphanumericLength = 10;

    public static CodeFormat Default { get; } = new(CodeAlphabet.Numeric, 6);

    public bool IsValid => Length >= MinLength && Length <= MaxLength(Alphabet);

    public static int MaxLength(CodeAlphabet alphabet) =>
        alphabet == CodeAlphabet.Numeric ? MaxNumericLength : MaxAlphanumericLength;

    /// <summary>
    /// Brings a typed code to its canonical form: drops spaces and dashes a person may type, upper-cases letters.
    /// Returns null when the result cannot be a code of any format, so lookups never run on junk.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[typed.Length];
        var length = 0;
        foreach (var c in typed)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!char.IsAsciiLetterOrDigit(upper))
            {
                return null;
            }

            buffer[length++] = upper;
        }

        // Offline door codes (Latch.Core.Offline) are longer: up to 12 digits.
        var fits = length is >= MinLength and <= MaxAlphanumericLength
            || (length <= Offline.OfflineCodes.MaxLength && !buffer[..length].ContainsAnyExceptInRange('0', '9'));
        return fits ? new string(buffer[..length]) : null;
    }
}
