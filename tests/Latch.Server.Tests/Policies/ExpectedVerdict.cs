namespace Latch.Server.Tests.Policies;

/// <summary>One policy's expected verdict: applied or not, its result, and substrings its reasons must contain.</summary>
public sealed record ExpectedVerdict(string Policy, bool Applied, string Result, params string[] Reasons);
