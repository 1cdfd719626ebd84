namespace Latch.Core.Offline;

/// <summary>
/// Keypad lockout: after <see cref="MaxFailures"/> consecutive wrong codes the keypad locks for
/// <see cref="BaseSeconds"/>; every further wrong code in the same streak doubles the lock, up to <see cref="MaxSeconds"/>.
/// </summary>
public sealed record LockoutPolicy(int MaxFailures = 5, int BaseSeconds = 30, int MaxSeconds = 3600)
{
    public static readonly LockoutPolicy Default = new();

    /// <summary>The lock that starts after the <paramref name="failures"/>-th consecutive failure (zero before the threshold).</summary>
    public TimeSpan LockAfter(int failures)
    {
        if (failures < MaxFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - MaxFailures, 30);
        return TimeSpan.FromSeconds(Math.Min((long)BaseSeconds << doublings, MaxSeconds));
    }

    /// <summary>
    /// The most guesses an attacker can type in <paramref name="period"/> from a fresh keypad, guessing as fast as the
    /// lock allows and never typing a right code (which would reset the streak).
    /// </summary>
    public int MostGuessesIn(TimeSpan period)
    {
        var elapsed = TimeSpan.Zero;
        var guesses = 0;
        while (elapsed <= period)
        {
            guesses++;
            elapsed += LockAfter(guesses);
        }

        return guesses;
    }

    /// <summary>A message for the first setting out of range, or null when the policy is usable.</summary>
    public string? Problem() =>
        MaxFailures is < 1 or > 100 ? "maxFailures must be between 1 and 100."
        : BaseSeconds is < 1 or > 86_400 ? "baseSeconds must be between 1 and 86400."
        : MaxSeconds < BaseSeconds || MaxSeconds > 604_800 ? "maxSeconds must be at least baseSeconds and at most 604800."
        : null;
}
