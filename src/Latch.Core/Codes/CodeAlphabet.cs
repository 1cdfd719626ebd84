namespace Latch.Core.Codes;

/// <summary>The characters a latch code is drawn from.</summary>
public enum CodeAlphabet
{
    Numeric,

    /// <summary>Digits and upper-case letters without look-alikes (no 0/O, 1/I/L, U/V).</summary>
    Alphanumeric,
}

internal static class CodeAlphabets
{
    public const string NumericChars = "0123456789";
    public const string AlphanumericChars = "23456789ABCDEFGHJKMNPQRSTWXYZ";

    public static string Chars(this CodeAlphabet alphabet) =>
        alphabet == CodeAlphabet.Numeric ? NumericChars : AlphanumericChars;
}
