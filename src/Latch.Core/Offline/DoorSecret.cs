using System.Security.Cryptography;

namespace Latch.Core.Offline;

/// <summary>
/// A door's offline secret: the HMAC key its controller derives offline codes with. Only that door's controller
/// ever receives it (in its twin); <see cref="ToString"/> is redacted so it cannot leak into logs.
/// </summary>
public sealed class DoorSecret
{
    public const int Size = 32;

    private readonly byte[] _bytes;

    public DoorSecret(int version, ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A door secret is {Size} bytes.", nameof(bytes));
        }

        Version = version;
        _bytes = bytes.ToArray();
    }

    /// <summary>Increases with every rotation; a code names the version it was derived under.</summary>
    public int Version { get; }

    public static DoorSecret Generate(int version, RandomNumberGenerator random)
    {
        Span<byte> bytes = stackalloc byte[Size];
        random.GetBytes(bytes);
        return new DoorSecret(version, bytes);
    }

    /// <summary>The secret bytes; call only to derive a code, to seal it for storage, or to hand it to the door's controller.</summary>
    public ReadOnlySpan<byte> Reveal() => _bytes;

    public override string ToString() => $"[redacted door secret v{Version}]";
}
