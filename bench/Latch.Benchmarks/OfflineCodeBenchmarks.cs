using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Latch.Core.Offline;

namespace Latch.Benchmarks;

/// <summary>
/// What a door controller pays per typed code offline: every candidate window and slot derived and compared
/// (docs/offline-codes.md). Measured at the busiest instant (680 candidates) and between hour boundaries (600).
/// </summary>
[MemoryDiagnoser]
public class OfflineCodeBenchmarks
{
    private const string DoorId = "res_01JD3Q4ZK8W6X9R2T5V7Y0B3C4";
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(120);

    private DoorSecret _secret = null!;

    [Params("10:59", "10:30")]
    public string Now { get; set; } = "";

    private DateTimeOffset At => new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).Add(TimeSpan.Parse(Now, System.Globalization.CultureInfo.InvariantCulture));

    [GlobalSetup]
    public void Setup() => _secret = DoorSecret.Generate(1, RandomNumberGenerator.Create());

    /// <summary>A wrong guess: the whole search runs (a right one costs the same, the search never stops early).</summary>
    [Benchmark]
    public OfflineCodeRef? FindWrongGuess() => OfflineCodes.Find(_secret, DoorId, "123456789", At, Tolerance);
}
