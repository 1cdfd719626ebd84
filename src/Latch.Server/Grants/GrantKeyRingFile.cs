using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Latch.Server.Hosting;

namespace Latch.Server.Grants;

/// <summary>
/// The grant signing key ring on disk: <c>{data}/keys/grant-keys.json</c>, mode 0600, created on first start with
/// one P-256 key. The newest key signs; every key in the file is published in the JWKS, so grants signed before a
/// rotation keep validating. Nodes sharing one PostgreSQL database must share this file.
/// </summary>
public static class GrantKeyRingFile
{
    /// <summary>
    /// Keys kept by <see cref="Rotate"/>: the signing key and the two before it. Grants live minutes to hours, so a
    /// key two rotations old signs nothing still valid unless rotations come faster than grants expire; dropping
    /// older keys bounds what a stolen file or a compromised key is worth (rotate three times to retire one at
    /// once) and keeps the JWKS small.
    /// </summary>
    public const int Retained = 3;

    public static string PathIn(string dataFolder) => Path.Combine(dataFolder, "keys", "grant-keys.json");

    /// <summary>Loads the ring, oldest key first and the signing key last; creates it with one key on first start.</summary>
    internal static IReadOnlyList<GrantKey> LoadOrCreate(string dataFolder, TimeProvider clock)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path))
        {
            Write(path, [NewKey(clock)]);
        }

        var keys = new List<GrantKey>();
        try
        {
            foreach (var stored in Read(path))
            {
                var pkcs8 = Convert.FromBase64String(stored.PrivateKey);
                try
                {
                    keys.Add(GrantKey.Import(stored.Kid, pkcs8, stored.Created));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(pkcs8);
                }
            }
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }

        return keys;
    }

    /// <summary>Adds a key that becomes the signing key, keeps the newest <see cref="Retained"/>; returns the new key's id.</summary>
    public static string Rotate(string dataFolder, TimeProvider clock)
    {
        var path = PathIn(dataFolder);
        var keys = File.Exists(path) ? Read(path) : [];
        var added = NewKey(clock);
        Write(path, [.. keys.Append(added).TakeLast(Retained)]);
        return added.Kid;
    }

    private static StoredKey NewKey(TimeProvider clock)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
        try
        {
            return new StoredKey(JwkThumbprint.Of(ecdsa.ExportParameters(includePrivateParameters: false)), Convert.ToBase64String(pkcs8), clock.GetUtcNow());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static List<StoredKey> Read(string path)
    {
        var ring = JsonSerializer.Deserialize(File.ReadAllText(path), GrantKeyRingJson.Default.StoredRing)
            ?? throw new InvalidDataException($"The grant key ring {path} is empty.");
        if (ring.Keys.Count == 0)
        {
            throw new InvalidDataException($"The grant key ring {path} holds no keys.");
        }

        return ring.Keys;
    }

    private static void Write(string path, List<StoredKey> keys) =>
        PrivateFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, new StoredRing(keys), GrantKeyRingJson.Default.StoredRing));

    /// <summary>A key as stored: its id, its PKCS#8 private key in base64, and when it was made.</summary>
    internal sealed record StoredKey(string Kid, string PrivateKey, DateTimeOffset Created)
    {
        public override string ToString() => $"StoredKey {{ Kid = {Kid}, PrivateKey = (redacted), Created = {Created:O} }}";
    }

    internal sealed record StoredRing(List<StoredKey> Keys);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(GrantKeyRingFile.StoredRing))]
internal sealed partial class GrantKeyRingJson : JsonSerializerContext;
