using Latch.Storage.Sql;

namespace Latch.Storage.Sqlite;

/// <summary>One queued write: its work, run by the writer, and the caller's task, completed after the commit.</summary>
internal abstract class SqliteWrite
{
    public abstract Task RunAsync(WriteScope scope);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class SqliteWrite<T>(Func<WriteScope, Task<T>> work) : SqliteWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override async Task RunAsync(WriteScope scope) => _result = await work(scope);

    public override void Complete() => _done.TrySetResult(_result!);

    public override void Fail(Exception exception) => _done.TrySetException(exception);
}
