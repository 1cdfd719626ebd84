namespace Latch.Core.Policies;

/// <summary>
/// The named locations of a compiled set, densely numbered, with every CIDR flattened into one array so that an IP
/// is resolved against all locations once per request.
/// </summary>
internal sealed class LocationTable
{
    private readonly Dictionary<string, int> _indexById;
    private readonly Cidr[] _cidrs;
    private readonly int[] _cidrOwner;
    private readonly bool[] _trusted;

    /// <param name="locations">The named locations.</param>
    /// <param name="referencedIds">Ids policies refer to; those with no location become empty ones that match nothing.</param>
    public LocationTable(IReadOnlyList<NamedLocation> locations, IEnumerable<string> referencedIds)
    {
        _indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        var names = new List<string>();
        var trusted = new List<bool>();
        var cidrs = new List<Cidr>();
        var owners = new List<int>();
        foreach (var location in locations)
        {
            if (!_indexById.TryAdd(location.Id, ids.Count))
            {
                throw new ArgumentException($"Named location '{location.Id}' appears twice.", nameof(locations));
            }

            foreach (var text in location.Cidrs)
            {
                if (!Cidr.TryParse(text, out var cidr))
                {
                    throw new ArgumentException($"Named location '{location.Id}' has an invalid CIDR '{text}'.", nameof(locations));
                }

                cidrs.Add(cidr);
                owners.Add(ids.Count);
            }

            ids.Add(location.Id);
            names.Add(location.Name);
            trusted.Add(location.Trusted);
        }

        // A policy may outlive a location it names; the name then matches nothing rather than failing the whole set.
        foreach (var id in referencedIds)
        {
            if (_indexById.TryAdd(id, ids.Count))
            {
                ids.Add(id);
                names.Add(id);
                trusted.Add(false);
            }
        }

        Ids = [.. ids];
        Names = [.. names];
        _trusted = [.. trusted];
        _cidrs = [.. cidrs];
        _cidrOwner = [.. owners];
        Words = (Ids.Length + 63) / 64;
    }

    public string[] Ids { get; }

    public string[] Names { get; }

    public int Count => Ids.Length;

    /// <summary>How many 64-bit words a bit set over the locations takes.</summary>
    public int Words { get; }

    public int IndexOf(string id) => _indexById[id];

    public bool IsTrusted(int index) => _trusted[index];

    /// <summary>Sets the bit of every location containing <paramref name="ip"/>; says whether any of them is trusted.</summary>
    public bool Resolve(NetworkAddress ip, Span<ulong> bits)
    {
        bits.Clear();
        var anyTrusted = false;
        var cidrs = _cidrs;
        for (var i = 0; i < cidrs.Length; i++)
        {
            if (cidrs[i].Contains(ip))
            {
                var owner = _cidrOwner[i];
                bits[owner >> 6] |= 1UL << (owner & 63);
                anyTrusted |= _trusted[owner];
            }
        }

        return anyTrusted;
    }

    /// <summary>The index of the first location containing <paramref name="ip"/> (a trusted one when asked), or -1.</summary>
    public int FirstContaining(NetworkAddress ip, bool trustedOnly)
    {
        for (var i = 0; i < _cidrs.Length; i++)
        {
            if (_cidrs[i].Contains(ip) && (!trustedOnly || _trusted[_cidrOwner[i]]))
            {
                return _cidrOwner[i];
            }
        }

        return -1;
    }

    public static bool Has(ReadOnlySpan<ulong> bits, int index) => (bits[index >> 6] & (1UL << (index & 63))) != 0;
}
