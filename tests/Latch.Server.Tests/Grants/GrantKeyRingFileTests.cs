using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Latch.Server.Grants;
using Latch.Server.Tests.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Server.Tests.Grants;

public sealed class GrantKeyRingFileTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "latch-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeClock _clock = new();

    [Fact]
    public void The_first_load_creates_one_key_and_later_loads_read_the_same_one()
    {
        string first;
        using (var signer = Load())
        {
            first = signer.SigningKeyId;
            Assert.Single(signer.Jwks.Keys);
        }

        using var again = Load();
        Assert.Equal(first, again.SigningKeyId);
    }

    [Fact]
    public void The_key_id_is_the_RFC_7638_thumbprint_of_the_public_key()
    {
        var keys = GrantKeyRingFile.LoadOrCreate(_data, _clock);
        var key = Assert.Single(keys);

        // Microsoft.IdentityModel's own thumbprint is the independent judge.
        var judge = Base64UrlEncoder.Encode(key.SecurityKey.ComputeJwkThumbprint());
        Assert.Equal(judge, key.Id);
        keys[0].Dispose();
    }

    [Fact]
    public void A_rotation_adds_the_signing_key_and_keeps_the_newest_three()
    {
        var original = LoadKid();
        var added = Enumerable.Range(0, 3).Select(_ => GrantKeyRingFile.Rotate(_data, _clock)).ToList();

        using var signer = Load();
        Assert.Equal(added[^1], signer.SigningKeyId);
        Assert.Equal(Enumerable.Reverse(added), signer.Jwks.Keys.Select(k => k.Kid));
        Assert.DoesNotContain(original, signer.Jwks.Keys.Select(k => k.Kid));
        Assert.Equal(3, added.Distinct().Count());
    }

    [Fact]
    public void A_ring_whose_key_does_not_match_its_id_is_refused()
    {
        _ = LoadKid();
        var path = GrantKeyRingFile.PathIn(_data);
        var ring = JsonNode.Parse(File.ReadAllText(path))!;
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ring["keys"]![0]!["privateKey"] = Convert.ToBase64String(other.ExportPkcs8PrivateKey());
        File.WriteAllText(path, ring.ToJsonString());

        Assert.Throws<InvalidDataException>(() => GrantKeyRingFile.LoadOrCreate(_data, _clock));
    }

    [Fact]
    public void A_leftover_temporary_file_does_not_lend_its_mode_to_the_ring()
    {
        var path = GrantKeyRingFile.PathIn(_data);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", "half-written");
        File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        _ = LoadKid();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void The_ring_file_never_shows_a_private_key_through_ToString()
    {
        var stored = new GrantKeyRingFile.StoredKey("kid", "c2VjcmV0LWtleQ==", _clock.GetUtcNow());

        Assert.DoesNotContain("c2VjcmV0LWtleQ==", stored.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private GrantSigner Load() =>
        new(GrantKeyRingFile.LoadOrCreate(_data, _clock), Microsoft.Extensions.Options.Options.Create(new GrantOptions()), _clock);

    private string LoadKid()
    {
        using var signer = Load();
        return signer.SigningKeyId;
    }
}
