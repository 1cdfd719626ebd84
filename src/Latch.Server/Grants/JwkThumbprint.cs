using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Server.Grants;

/// <summary>RFC 7638 JWK thumbprints of P-256 public keys; Latch uses them as key ids (<c>kid</c>).</summary>
internal static class JwkThumbprint
{
    /// <summary>The SHA-256 thumbprint of <paramref name="publicKey"/>, base64url-encoded.</summary>
    public static string Of(ECParameters publicKey)
    {
        // RFC 7638 §3.2: the required members of an EC key (crv, kty, x, y), in lexicographic order, no whitespace;
        // §3.1: hash their UTF-8 bytes with SHA-256. The base64url values hold only characters JSON needs no escape for.
        var x = Base64Url.EncodeToString(publicKey.Q.X);
        var y = Base64Url.EncodeToString(publicKey.Q.Y);
        var members = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(members)));
    }
}
