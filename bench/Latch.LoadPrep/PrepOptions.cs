namespace Latch.LoadPrep;

/// <summary>What to issue, where, and how many requests to keep in flight.</summary>
internal sealed record PrepOptions(
    Uri BaseUrl,
    string AdminKey,
    string UserId,
    IReadOnlyList<string> ResourceIds,
    int Count,
    string OutFile,
    int Concurrency);
