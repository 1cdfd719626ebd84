namespace Latch.Core.Codes;

/// <summary>A latch code in plain text. Its <see cref="ToString"/> is redacted so it cannot leak into logs.</summary>
public sealed class PlainCode(string value)
{
    /// <summary>The code itself; call only where the code is deliberately handed out or checked.</summary>
    public string Reveal() => value;

    public override string ToString() => "[redacted code]";
}
