namespace Latch.Core.Policies;

/// <summary>A named set of IP ranges, trusted or not, that location conditions refer to by id.</summary>
public sealed record NamedLocation(string Id, string Name, IReadOnlyList<string> Cidrs, bool Trusted);
