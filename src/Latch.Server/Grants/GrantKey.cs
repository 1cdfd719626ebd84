using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Server.Grants;

/// <summary>One P-256 key of the grant key ring, loaded for signing and publishing.</summary>
internal sealed class GrantKey : IDisposable
{
    private readonly ECDsa _ecdsa;

    private GrantKey(string id, ECDsa ecdsa, DateTimeOffset created)
    {
        Id = id;
        _ecdsa = ecdsa;
        Created = created;
        SecurityKey = new ECDsaSecurityKey(ecdsa) { KeyId = id };
    }

    /// <summary>The key id (<c>kid</c>): the RFC 7638 thumbprint of the public key.</summary>
    public string Id { get; }

    public DateTimeOffset Created { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    /// <summary>
    /// Imports a PKCS#8 private key. Fails when it is not a P-256 key or when <paramref name="id"/> is not its
    /// thumbprint: a ring edited by hand must not publish one key under another key's id.
    /// </summary>
    public static GrantKey Import(string id, ReadOnlySpan<byte> pkcs8, DateTimeOffset created)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var publicKey = ecdsa.ExportParameters(includePrivateParameters: false);
            if (publicKey.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new InvalidDataException($"Grant key {id} is not a P-256 key.");
            }

            if (JwkThumbprint.Of(publicKey) != id)
            {
                throw new InvalidDataException($"Grant key {id} does not match its id (the RFC 7638 thumbprint of its public key).");
            }

            return new GrantKey(id, ecdsa, created);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    /// <summary>The public half as a JWK (RFC 7517 §4, RFC 7518 §6.2.1): no private parameter ever leaves this type.</summary>
    public PublicJwk ToPublicJwk()
    {
        var publicKey = _ecdsa.ExportParameters(includePrivateParameters: false);
        return new PublicJwk("EC", "P-256", Base64Url.EncodeToString(publicKey.Q.X), Base64Url.EncodeToString(publicKey.Q.Y), Id, "sig", SecurityAlgorithms.EcdsaSha256);
    }

    public void Dispose() => _ecdsa.Dispose();
}
