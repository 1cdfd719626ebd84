using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Core.Access;

/// <summary>
/// Console passwords, hashed with PBKDF2-HMAC-SHA256 (NIST SP 800-132; OWASP's 2023 floor of 600,000 iterations).
/// The stored form names its algorithm and cost — <c>pbkdf2-sha256$600000$salt$hash</c> (base64) — so a later,
/// stronger setting can be recognized and the hash upgraded at the next sign-in (<see cref="NeedsUpgrade"/>).
/// </summary>
public static class ConsolePassword
{
    public const string Algorithm = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    public const int MinLength = 12;
    public const int MaxLength = 256;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A fixed hash to check against when the user name is unknown, so both paths do the same work.
    private static readonly Lazy<string> Decoy = new(() => Hash("decoy password, never valid".AsSpan()));

    /// <summary>Why a new password is refused, or null when it is acceptable (SP 800-63B §5.1.1: length, not composition rules).</summary>
    public static string? Weakness(string? password) => password switch
    {
        null or "" => "A password is required.",
        { Length: < MinLength } => $"The password must be at least {MinLength} characters long.",
        { Length: > MaxLength } => $"The password must be at most {MaxLength} characters long.",
        _ => null,
    };

    public static string Hash(ReadOnlySpan<char> password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations, HashBytes);
        return string.Join('$', Algorithm, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>
    /// Checks a password against a stored hash:
    /// 1. a stored form that does not parse fails closed (it is compared against the decoy, and false returned);
    /// 2. the candidate is derived with the stored salt and iterations;
    /// 3. compared in constant time.
    /// With <paramref name="stored"/> null (no such account) the decoy is checked, so timing does not tell.
    /// </summary>
    public static bool Verify(ReadOnlySpan<char> password, string? stored)
    {
        var known = stored is not null && TryParse(stored, out _, out _, out _);
        _ = TryParse(known ? stored! : Decoy.Value, out var iterations, out var salt, out var expected);
        var candidate = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, expected) & known;
    }

    public static bool NeedsUpgrade(string stored) => !TryParse(stored, out var iterations, out _, out _) || iterations < Iterations;

    // The char overload encodes to UTF-8 in a buffer it clears itself, leaving no copy of the password behind.
    private static byte[] Derive(ReadOnlySpan<char> password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        (iterations, salt, hash) = (0, [], []);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 16 && hash.Length >= 32;
    }
}
