using BenchmarkDotNet.Attributes;
using Latch.Core.Codes;

namespace Latch.Benchmarks;

/// <summary>Drawing a code from the system CSPRNG (one byte per draw, with rejection sampling).</summary>
[MemoryDiagnoser]
public class CodeGenerationBenchmarks
{
    private static readonly CodeFormat Numeric6 = new(CodeAlphabet.Numeric, 6);
    private static readonly CodeFormat Alphanumeric8 = new(CodeAlphabet.Alphanumeric, 8);

    [Benchmark(Baseline = true)]
    public PlainCode Numeric_6() => CodeGenerator.System.Generate(Numeric6);

    [Benchmark]
    public PlainCode Alphanumeric_8() => CodeGenerator.System.Generate(Alphanumeric8);
}
