using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Latch.Core.Policies;

/// <summary>
/// An IP address as a 128-bit number, IPv4 held as its IPv4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>) so that
/// one comparison covers both families. Parse at the edge; evaluation compares numbers.
/// </summary>
public readonly record struct NetworkAddress(UInt128 Value)
{
    /// <summary>The <c>::ffff:0:0/96</c> prefix IPv4 addresses live under.</summary>
    internal static readonly UInt128 IPv4MappedPrefix = (UInt128)0xFFFF << 32;

    public bool IsIPv4Mapped => (Value >> 32) == 0xFFFF;

    public static NetworkAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            address.TryWriteBytes(v4, out _);
            return new NetworkAddress(IPv4MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(v4));
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return new NetworkAddress(BinaryPrimitives.ReadUInt128BigEndian(v6));
    }

    /// <summary>
    /// Parses an address written in full: four decimal parts for IPv4, or IPv6 without a zone. IPAddress alone also
    /// reads legacy IPv4 forms ("10.1" as 10.0.0.1, "010.0.0.1" as octal 8.0.0.1, hex parts) and scoped IPv6
    /// ("fe80::1%eth0"); those are refused rather than guessed at, since a guess could land in a trusted location.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NetworkAddress address)
    {
        if (IsWrittenInFull(text) && IPAddress.TryParse(text, out var ip))
        {
            address = FromIPAddress(ip);
            return true;
        }

        address = default;
        return false;
    }

    private static bool IsWrittenInFull(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            return !text.Contains('%');
        }

        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.Length is < 1 or > 3 || part.ContainsAnyExceptInRange('0', '9') || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    public static NetworkAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IP address.");

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return IsIPv4Mapped ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();
}
