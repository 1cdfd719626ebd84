using System.Buffers;
using System.Security.Cryptography;

namespace Latch.Core.Directory;

/// <summary>
/// Public identifiers: a kind prefix and 20 random base32 characters (100 bits), e.g. <c>usr_7k2m...</c>.
/// They reveal nothing about issuance order or counts; rows keep an internal increasing key for locality.
/// </summary>
public static class PublicId
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int RandomChars = 20;
    private static readonly SearchValues<char> AlphabetChars = SearchValues.Create(Alphabet);

    public const string User = "usr";
    public const string Group = "grp";
    public const string Resource = "res";
    public const string Device = "dev";
    public const string Location = "loc";
    public const string Code = "cod";
    public const string ApiKey = "key";
    public const string Policy = "pol";
    public const string SignIn = "sgn";
    public const string Challenge = "chl";
    public const string Session = "ses";
    public const string Delivery = "dlv";
    public const string Push = "psh";
    public const string Visit = "vis";
    public const string Authenticator = "aut";
    public const string ConsoleAccount = "csl";

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[RandomChars];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[prefix.Length + 1 + RandomChars];
        prefix.AsSpan().CopyTo(chars);
        chars[prefix.Length] = '_';
        for (var i = 0; i < RandomChars; i++)
        {
            // 256 is a multiple of 32: masking keeps the draw uniform.
            chars[prefix.Length + 1 + i] = Alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id of this kind (cheap check before a lookup).</summary>
    public static bool HasShape(string? id, string prefix) =>
        id is not null
        && id.Length == prefix.Length + 1 + RandomChars
        && id.StartsWith(prefix, StringComparison.Ordinal)
        && id[prefix.Length] == '_'
        && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(AlphabetChars) < 0;
}
