namespace Latch.Core.Policies;

/// <summary>
/// The request's enumerated facts as one bit each, computed once per request, so each policy tests
/// <c>mask == 0 || (mask &amp; bit) != 0</c>. An unknown fact is 0 and so fails every mask that restricts.
/// </summary>
internal readonly struct FactBits
{
    public const byte Compliant = 1;
    public const byte NonCompliant = 2;

    public FactBits(in AccessFacts facts)
    {
        SignInRisk = (byte)(1 << (int)facts.SignInRisk);
        UserRisk = (byte)(1 << (int)facts.UserRisk);
        Platform = facts.Platform is { } platform ? (byte)(1 << (int)platform) : (byte)0;
        ClientApp = facts.ClientApp is { } app ? (byte)(1 << (int)app) : (byte)0;
        Device = facts.DeviceCompliant switch
        {
            true => Compliant,
            false => NonCompliant,
            null => 0,
        };
    }

    public byte SignInRisk { get; }

    public byte UserRisk { get; }

    public byte Platform { get; }

    public byte ClientApp { get; }

    public byte Device { get; }

    /// <summary>Whether a condition with this mask rejects the fact (a zero mask restricts nothing).</summary>
    public static bool Fails(byte mask, byte fact) => (mask != 0) & ((mask & fact) == 0);
}
