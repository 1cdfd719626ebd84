namespace Latch.Storage.Directory;

/// <summary>The outcome of changing a user's contact details, which are written only if the row is still as it was read.</summary>
public enum UpdateUserResult
{
    Updated,
    NotFound,

    /// <summary>Another change reached the user since it was read: nothing was written; read it again and reapply.</summary>
    ChangedMeanwhile,
}
