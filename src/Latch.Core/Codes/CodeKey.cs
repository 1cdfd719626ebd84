namespace Latch.Core.Codes;

/// <summary>One server key for code tags. Its <see cref="ToString"/> never shows the key bytes.</summary>
public sealed class CodeKey(int id, byte[] material)
{
    public const int Size = 32;

    public int Id { get; } = id > 0 ? id : throw new ArgumentOutOfRangeException(nameof(id), "Key ids start at 1.");

    internal byte[] Material { get; } = material.Length == Size
        ? material
        : throw new ArgumentException($"A code key is {Size} bytes.", nameof(material));

    public override string ToString() => $"code key {Id}";
}
