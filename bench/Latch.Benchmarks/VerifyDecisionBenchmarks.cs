using BenchmarkDotNet.Attributes;
using Latch.Core.Codes;

namespace Latch.Benchmarks;

/// <summary>The pieces of a verification that run in Latch.Core, outside the store.</summary>
[MemoryDiagnoser]
public class VerifyDecisionBenchmarks
{
    // Fields, not constants: with constant arguments the JIT folds the whole decision away.
    private long _nowMs = 1_795_000_000_000;
    private CodeState _active = CodeState.Active;
    private int _uses;
    private int _maxUses = 1;

    [GlobalSetup]
    public void Setup() => _uses = 0;

    [Benchmark]
    public string? Normalize_plain() => CodeFormat.Normalize("48213907");

    [Benchmark]
    public string? Normalize_typed_with_separators() => CodeFormat.Normalize("482-139 07");

    [Benchmark]
    public string? Normalize_junk() => CodeFormat.Normalize("48213<script>");

    [Benchmark]
    public DenyReason? WhyNotConsumable_active() =>
        CodeStatus.WhyNotConsumable(_active, _uses, _maxUses, _nowMs - 60_000, _nowMs + 240_000, _nowMs);

    [Benchmark]
    public DenyReason? WhyNotConsumable_expired() =>
        CodeStatus.WhyNotConsumable(_active, _uses, _maxUses, _nowMs - 600_000, _nowMs - 300_000, _nowMs);
}
