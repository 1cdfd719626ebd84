using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Core.Offline;

/// <summary>
/// Offline codes (docs/offline-codes.md): a numeric code derived with HMAC-SHA256 from the door's secret over the
/// door id, key version, window and holder slot, so a controller with no network can recognise it.
/// </summary>
public static class OfflineCodes
{
    public const int DefaultLength = 9;
    public const int MinLength = 8;
    public const int MaxLength = 12;

    /// <summary>Distinct holders one door can have for the very same window; each gets its own slot.</summary>
    public const int Slots = 10;

    private static readonly byte[] Label = "latch-offline-v1"u8.ToArray();

    /// <summary>The code for <paramref name="reference"/> at <paramref name="doorId"/>, zero-padded to <paramref name="length"/> digits.</summary>
    public static string Derive(DoorSecret secret, string doorId, OfflineCodeRef reference, int length = DefaultLength)
    {
        CheckLength(length);
        if (reference.KeyVersion != secret.Version)
        {
            throw new ArgumentException("The reference names another key version than the secret.", nameof(reference));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(reference.Slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reference.Slot, Slots);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Reveal());
        Span<char> code = stackalloc char[MaxLength];
        Write(hmac, Encoding.UTF8.GetBytes(doorId), reference, code[..length]);
        return new string(code[..length]);
    }

    /// <summary>
    /// Searches every candidate window around <paramref name="now"/> (± <paramref name="tolerance"/>) and every slot
    /// for <paramref name="typed"/>; returns the reference of the code it matches, or null. Comparisons are in constant time.
    /// </summary>
    public static OfflineCodeRef? Find(DoorSecret secret, string doorId, ReadOnlySpan<char> typed, DateTimeOffset now, TimeSpan tolerance, int length = DefaultLength)
    {
        CheckLength(length);
        return Search(secret, doorId, typed, now, tolerance, length);
    }

    /// <summary><see cref="Find"/> for any length: the statistical tests use short codes to make false accepts countable.</summary>
    internal static OfflineCodeRef? Search(DoorSecret secret, string doorId, ReadOnlySpan<char> typed, DateTimeOffset now, TimeSpan tolerance, int length)
    {
        if (typed.Length != length || typed.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        var door = Encoding.UTF8.GetBytes(doorId);
        Span<OfflineWindow> windows = stackalloc OfflineWindow[OfflineWindows.MaxCandidates(tolerance)];
        var count = OfflineWindows.Candidates(now, tolerance, windows);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Reveal());
        Span<char> candidate = stackalloc char[length];
        OfflineCodeRef? found = null;
        foreach (var window in windows[..count])
        {
            for (var slot = 0; slot < Slots; slot++)
            {
                var reference = new OfflineCodeRef(secret.Version, window, slot);
                Write(hmac, door, reference, candidate);
                // Keep searching after a match so the time taken does not say which window matched.
                if (CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(candidate), MemoryMarshal.AsBytes(typed)) && found is null)
                {
                    found = reference;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The chance one random guess of <paramref name="length"/> digits matches some candidate at an instant with the
    /// most candidates: 1 − (1 − 10^−length)^(windows × slots).
    /// </summary>
    public static double FalseAcceptPerGuess(int length, TimeSpan tolerance) =>
        FalseAcceptPerGuess(length, OfflineWindows.MaxCandidates(tolerance) * Slots);

    public static double FalseAcceptPerGuess(int length, int candidates) => -double.ExpM1(candidates * double.LogP1(-Math.Pow(10, -length)));

    // HMAC(secret, "latch-offline-v1" ‖ len(door) ‖ door ‖ version ‖ start ‖ hours ‖ slot), big-endian; the first 8
    // bytes mod 10^length (the bias, 10^length / 2^64, is below 10^-7 for 12 digits).
    private static void Write(IncrementalHash hmac, ReadOnlySpan<byte> door, OfflineCodeRef reference, Span<char> destination)
    {
        Span<byte> fields = stackalloc byte[2 + 4 + 8 + 2 + 1];
        BinaryPrimitives.WriteUInt16BigEndian(fields, checked((ushort)door.Length));
        hmac.AppendData(Label);
        hmac.AppendData(fields[..2]);
        hmac.AppendData(door);
        BinaryPrimitives.WriteInt32BigEndian(fields[2..], reference.KeyVersion);
        BinaryPrimitives.WriteInt64BigEndian(fields[6..], reference.Window.StartUnixSeconds);
        BinaryPrimitives.WriteUInt16BigEndian(fields[14..], checked((ushort)reference.Window.Hours));
        fields[16] = checked((byte)reference.Slot);
        hmac.AppendData(fields[2..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(mac);
        var value = BinaryPrimitives.ReadUInt64BigEndian(mac) % Pow10(destination.Length);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    private static ulong Pow10(int exponent)
    {
        ulong value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static void CheckLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
    }
}
