namespace Latch.Storage.Directory;

/// <summary>The outcome of adding a row: added, or refused because a unique name is taken or a reference is missing.</summary>
public abstract record AddResult<T>
{
    private AddResult()
    {
    }

    public sealed record Added(T Row) : AddResult<T>;

    /// <summary>A unique value (a name) is already taken.</summary>
    public sealed record Conflict : AddResult<T>;

    /// <summary>A referenced row does not exist; <paramref name="What"/> names the field.</summary>
    public sealed record MissingReference(string What) : AddResult<T>;
}
