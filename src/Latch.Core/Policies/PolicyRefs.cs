namespace Latch.Core.Policies;

/// <summary>For one user, group or resource id: the indexes of the policies that include it and that exclude it.</summary>
internal sealed record PolicyRefs(int[] Include, int[] Exclude);
