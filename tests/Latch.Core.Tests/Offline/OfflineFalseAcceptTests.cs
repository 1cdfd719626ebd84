using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Latch.Core.Offline;

namespace Latch.Core.Tests.Offline;

/// <summary>Checks the implementation against the false-accept figure docs/offline-codes.md states.</summary>
public sealed partial class OfflineFalseAcceptTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(DoorDefaults.ClockToleranceSeconds);

    // An instant just before a whole hour, where the tolerance makes every window length contribute one more candidate.
    private static readonly DateTimeOffset BusiestInstant = new(2026, 11, 23, 10, 59, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 2_000)]
    [InlineData(4, 4_000)]
    public void Random_guesses_match_as_often_as_the_formula_says(int length, int trials)
    {
        var secret = DoorSecret.Generate(1, RandomNumberGenerator.Create());
        var expected = OfflineCodes.FalseAcceptPerGuess(length, Tolerance);

        var accepted = 0;
        Span<char> guess = stackalloc char[length];
        for (var trial = 0; trial < trials; trial++)
        {
            for (var i = 0; i < length; i++)
            {
                guess[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            if (OfflineCodes.Search(secret, "res_door", guess, BusiestInstant, Tolerance, length) is not null)
            {
                accepted++;
            }
        }

        // Binomial: the count lies within 5 standard deviations of n·p unless the implementation differs from the formula.
        var mean = trials * expected;
        var sigma = Math.Sqrt(trials * expected * (1 - expected));
        Assert.InRange(accepted, mean - (5 * sigma), mean + (5 * sigma));
    }

    [Fact]
    public void The_documented_figures_are_the_ones_the_code_computes()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "offline-codes.md"));
        var perGuess = OfflineCodes.FalseAcceptPerGuess(OfflineCodes.DefaultLength, Tolerance);
        var guessesPerDay = LockoutPolicy.Default.MostGuessesIn(TimeSpan.FromDays(1));
        var perDay = -double.ExpM1(guessesPerDay * double.LogP1(-perGuess));

        Assert.Equal(680, OfflineWindows.MaxCandidates(Tolerance) * OfflineCodes.Slots);
        Assert.Equal(34, guessesPerDay);
        Assert.Equal(Scientific(perGuess), Figure(document, "per-guess"));
        Assert.Equal(Scientific(perDay), Figure(document, "per-day"));
    }

    private static string Scientific(double value) => value.ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static string Figure(string document, string name) =>
        FigurePattern().Matches(document).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value
        ?? throw new InvalidOperationException($"docs/offline-codes.md has no <!-- figure:{name} --> marker.");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Latch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Latch.slnx) is not above the test folder.");
    }

    [GeneratedRegex(@"<!-- figure:(?<name>[a-z-]+) -->\s*`(?<value>[0-9.]+e[+-][0-9]+)`")]
    private static partial Regex FigurePattern();
}
