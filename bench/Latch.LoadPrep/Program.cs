using System.Diagnostics;
using System.Globalization;
using Latch.LoadPrep;

// Pre-issues latch codes over HTTP for scripts/bench-http.sh and writes one verify body per line:
//   {"resourceId":"res_…","code":"…"}
// usage: Latch.LoadPrep <baseUrl> <adminKey> <userId> <resourceId[,resourceId…]> <count> <outFile> [concurrency]
if (args.Length is < 6 or > 7)
{
    await Console.Error.WriteLineAsync("usage: Latch.LoadPrep <baseUrl> <adminKey> <userId> <resourceIds,comma-separated> <count> <outFile> [concurrency]");
    return 2;
}

var options = new PrepOptions(
    new Uri(args[0]),
    args[1],
    args[2],
    args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    int.Parse(args[4], CultureInfo.InvariantCulture),
    args[5],
    args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 64);

var watch = Stopwatch.StartNew();
var issued = await CodeIssuance.RunAsync(options);
var rate = issued / Math.Max(watch.Elapsed.TotalSeconds, 0.001);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"issued {issued} codes in {watch.Elapsed.TotalSeconds:F1} s ({rate:F0}/s) -> {options.OutFile}"));
return issued == options.Count ? 0 : 1;
