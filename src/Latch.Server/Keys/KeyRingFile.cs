using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Latch.Core.Codes;
using Latch.Server.Hosting;

namespace Latch.Server.Keys;

/// <summary>
/// The code-tag key ring on disk: <c>{data}/keys/code-keys.json</c>, mode 0600, created on first start.
/// Rotation appends a new key; older keys stay so codes issued under them keep verifying.
/// Nodes sharing one PostgreSQL database must share this file.
/// </summary>
public static class KeyRingFile
{
    public static string PathIn(string dataFolder) => Path.Combine(dataFolder, "keys", "code-keys.json");

    public static IReadOnlyList<CodeKey> LoadOrCreate(string dataFolder, TimeProvider clock)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path))
        {
            Write(path, [NewKey(1, clock)]);
        }

        return [.. Read(path).Select(k => new CodeKey(k.Id, Convert.FromBase64String(k.Key)))];
    }

    /// <summary>Adds a key newer than all others; returns its id.</summary>
    public static int Rotate(string dataFolder, TimeProvider clock)
    {
        var path = PathIn(dataFolder);
        var keys = File.Exists(path) ? Read(path) : [];
        var id = keys.Count == 0 ? 1 : keys.Max(k => k.Id) + 1;
        Write(path, [.. keys, NewKey(id, clock)]);
        return id;
    }

    private static StoredKey NewKey(int id, TimeProvider clock) =>
        new(id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(CodeKey.Size)), clock.GetUtcNow());

    private static List<StoredKey> Read(string path)
    {
        var ring = JsonSerializer.Deserialize(File.ReadAllText(path), KeyRingJson.Default.StoredRing)
            ?? throw new InvalidDataException($"The key ring {path} is empty.");
        if (ring.Keys.Count == 0)
        {
            throw new InvalidDataException($"The key ring {path} holds no keys.");
        }

        return ring.Keys;
    }

    private static void Write(string path, List<StoredKey> keys) =>
        PrivateFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, new StoredRing(keys), KeyRingJson.Default.StoredRing));

    internal sealed record StoredKey(int Id, string Key, DateTimeOffset Created)
    {
        public override string ToString() => $"StoredKey {{ Id = {Id}, Key = (redacted), Created = {Created:O} }}";
    }

    internal sealed record StoredRing(List<StoredKey> Keys);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KeyRingFile.StoredRing))]
internal sealed partial class KeyRingJson : JsonSerializerContext;
