using System.Security.Cryptography;

namespace Latch.Core.Codes;

/// <summary>Draws latch codes from a CSPRNG, uniformly over the alphabet.</summary>
public sealed class CodeGenerator(RandomNumberGenerator random)
{
    public static CodeGenerator System { get; } = new(RandomNumberGenerator.Create());

    public PlainCode Generate(CodeFormat format)
    {
        if (!format.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.Length, "Code length is outside the format's range.");
        }

        var chars = format.Alphabet.Chars();
        var limit = RejectionLimit(chars.Length);

        // One CSPRNG call for the whole code; only a rejected byte costs another call.
        Span<byte> draws = stackalloc byte[format.Length];
        random.GetBytes(draws);
        Span<char> code = stackalloc char[format.Length];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = chars[draws[i] < limit ? draws[i] % chars.Length : UniformIndex(chars.Length)];
        }

        return new PlainCode(new string(code));
    }

    /// <summary>
    /// A uniform index below <paramref name="count"/> (at most 256) by rejection sampling: bytes at or above the
    /// largest multiple of count are redrawn, so no residue is more likely than another (no modulo bias).
    /// </summary>
    internal int UniformIndex(int count)
    {
        var limit = RejectionLimit(count);
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            random.GetBytes(one);
            if (one[0] < limit)
            {
                return one[0] % count;
            }
        }
    }

    private static int RejectionLimit(int count) => 256 - (256 % count);
}
