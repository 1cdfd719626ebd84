using BenchmarkDotNet.Attributes;
using Latch.Core.Codes;

namespace Latch.Benchmarks;

/// <summary>The HMAC tag a typed code is looked up by (per-thread reused keyed context).</summary>
[MemoryDiagnoser]
public class CodeTaggingBenchmarks
{
    private const string ResourceId = "res_01JD3Q4ZK8W6X9R2T5V7Y0B3C4";

    private CodeTagger _tagger = null!;
    private PlainCode _code = null!;

    [GlobalSetup]
    public void Setup()
    {
        var material = new byte[CodeKey.Size];
        Random.Shared.NextBytes(material);
        _tagger = new CodeTagger([new CodeKey(1, material)]);
        _code = new PlainCode("48213907");
    }

    [GlobalCleanup]
    public void Cleanup() => _tagger.Dispose();

    [Benchmark]
    public byte[] Tag() => _tagger.Tag(_tagger.Current, ResourceId, _code);
}
