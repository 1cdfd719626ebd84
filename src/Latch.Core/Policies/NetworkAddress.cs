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

    public static bool TryParse(ReadOnlySpan<char> text, out NetworkAddress address)
    {
        if (IPAddress.TryParse(text, out var ip))
        {
            address = FromIPAddress(ip);
            return true;
        }

        address = default;
        return false;
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
