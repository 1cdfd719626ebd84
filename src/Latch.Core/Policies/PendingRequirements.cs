namespace Latch.Core.Policies;

/// <summary>The grant requirements a decision still needs met, across all applying enforced policies.</summary>
[Flags]
public enum PendingRequirements : byte
{
    None = 0,
    Code = 1 << 0,
    CompliantDevice = 1 << 1,
}
