namespace Latch.Core.Policies;

/// <summary>
/// An IP range in CIDR notation (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>; a bare address is /32 or /128), held as
/// a 128-bit network and mask so <see cref="Contains"/> is two operations. IPv4 ranges live in the IPv4-mapped
/// space: <c>10.0.0.0/8</c> matches <c>10.1.2.3</c> and <c>::ffff:10.1.2.3</c>, and IPv4 <c>/0</c> matches every
/// IPv4 address but no native IPv6 one.
/// </summary>
public readonly record struct Cidr
{
    private Cidr(UInt128 network, UInt128 mask, int prefixLength, bool isIPv4)
    {
        Network = network;
        Mask = mask;
        PrefixLength = prefixLength;
        IsIPv4 = isIPv4;
    }

    /// <summary>The first address of the range (host bits cleared).</summary>
    public UInt128 Network { get; }

    public UInt128 Mask { get; }

    /// <summary>The prefix length as written: 0-32 for IPv4, 0-128 for IPv6.</summary>
    public int PrefixLength { get; }

    public bool IsIPv4 { get; }

    public bool Contains(NetworkAddress address) => (address.Value & Mask) == Network;

    /// <summary>
    /// Parses a CIDR. Host bits set below the prefix (<c>10.1.2.3/8</c>) are accepted and cleared, as routers and
    /// Entra named locations read them: the range is what the prefix says. The prefix must be decimal digits.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Cidr cidr)
    {
        cidr = default;
        text = text.Trim();
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!NetworkAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        // An IPv4 literal (dotted, no colon) is an IPv4 range; "::ffff:a.b.c.d/n" is IPv6 and takes an IPv6 prefix.
        var isIPv4 = addressText.IndexOf(':') < 0;

        var maxBits = isIPv4 ? 32 : 128;
        var bits = maxBits;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.IsEmpty || prefixText.Length > 3 || prefixText.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            bits = int.Parse(prefixText, System.Globalization.CultureInfo.InvariantCulture);
            if (bits > maxBits)
            {
                return false;
            }
        }

        var maskBits = isIPv4 ? 96 + bits : bits;
        var mask = maskBits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - maskBits);
        cidr = new Cidr(address.Value & mask, mask, bits, isIPv4);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not a CIDR range.");

    /// <summary>The canonical form: the network address (host bits cleared) and the prefix, in the family written.</summary>
    public override string ToString() =>
        IsIPv4 ? $"{new NetworkAddress(Network)}/{PrefixLength}" : $"{new NetworkAddress(Network).ToIPAddress().MapToIPv6()}/{PrefixLength}";
}
