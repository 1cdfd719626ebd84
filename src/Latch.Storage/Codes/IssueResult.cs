namespace Latch.Storage.Codes;

public abstract record IssueResult
{
    private IssueResult()
    {
    }

    public sealed record Issued : IssueResult;

    /// <summary>An active code at the resource already has this value: draw another.</summary>
    public sealed record Collision : IssueResult;
}
