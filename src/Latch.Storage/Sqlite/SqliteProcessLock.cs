namespace Latch.Storage.Sqlite;

/// <summary>
/// An exclusive lock file beside the SQLite database, held for the store's life. The audit chain's tip and the
/// single-use guarantee live in one writer, so a second process on the same file must be refused, not raced.
/// </summary>
internal sealed class SqliteProcessLock : IDisposable
{
    private readonly FileStream _lock;

    private SqliteProcessLock(FileStream fileLock) => _lock = fileLock;

    public static SqliteProcessLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; it is released when the process ends,
            // even by kill -9, so a crash never leaves the store locked.
            return new SqliteProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new StoreInUseException(
                $"Another Latch process is using the SQLite store {databasePath}. A SQLite store serves one process; " +
                "stop the other one, or use PostgreSQL (Latch:Store = postgres) to run several nodes.", e);
        }
    }

    public void Dispose() => _lock.Dispose();
}
