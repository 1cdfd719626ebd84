using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// The savepoint that brackets each write of a batch, on three commands kept for the writer's life:
/// <see cref="SqliteTransaction.Save"/> and friends build and parse a new command on every call.
/// </summary>
internal sealed class SqliteSavepoint(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _save = Command(connection, "SAVEPOINT w");
    private readonly SqliteCommand _release = Command(connection, "RELEASE w");
    private readonly SqliteCommand _rollback = Command(connection, "ROLLBACK TO w");

    public void Save(SqliteTransaction transaction) => Run(_save, transaction);

    public void Release(SqliteTransaction transaction) => Run(_release, transaction);

    /// <summary>Undoes the write's changes and ends its savepoint; the batch's transaction goes on.</summary>
    public void RollBack(SqliteTransaction transaction)
    {
        Run(_rollback, transaction);
        Run(_release, transaction);
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction)
    {
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        _save.Dispose();
        _release.Dispose();
        _rollback.Dispose();
    }
}
