namespace Latch.Server.Ui.Policies;

/// <summary>A line diff (longest common subsequence) between two versions of a policy document, for the history page.</summary>
internal static class LineDiff
{
    public static IEnumerable<(char Kind, string Line)> Of(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        // Policy documents are a few dozen lines: the quadratic table is small.
        var lcs = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = before[i] == after[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a] == after[b])
            {
                yield return (' ', before[a]);
                a++;
                b++;
            }
            else if (b < after.Count && (a == before.Count || lcs[a, b + 1] >= lcs[a + 1, b]))
            {
                yield return ('+', after[b++]);
            }
            else
            {
                yield return ('-', before[a++]);
            }
        }
    }
}
