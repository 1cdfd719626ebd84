using BenchmarkDotNet.Running;

// Run in Release: dotnet run -c Release --project bench/Latch.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
