using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// <see cref="CodeSql.Consume"/> on one command kept on the writer's connection: SQLite parses and plans the
/// statement once, instead of once per verification as a fresh command per call would. Only the writer runs it
/// (writes run one after another), so the command is never shared between threads.
/// </summary>
internal sealed class SqliteConsumeCommand : IDisposable
{
    private SqliteCommand? _command;
    private SqliteParameter _resourcePk = null!;
    private SqliteParameter _tag = null!;
    private SqliteParameter _nowMs = null!;
    private SqliteParameter _userPk = null!;

    public ConsumedRow? Run(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk)
    {
        var command = Prepare(scope);
        _resourcePk.Value = resourcePk;
        _tag.Value = tag;
        _nowMs.Value = nowMs;
        _userPk.Value = userPk is { } pk ? pk : DBNull.Value;

        // RETURNING: the first step makes every change; disposing the reader resets the statement for reuse.
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ConsumedRow { Id = reader.GetString(0), UserId = reader.GetString(1) } : null;
    }

    private SqliteCommand Prepare(WriteScope scope)
    {
        if (_command is null)
        {
            _command = (SqliteCommand)scope.Connection.CreateCommand();
            _command.CommandText = CodeSql.Consume;
            _resourcePk = _command.Parameters.Add("@resourcePk", SqliteType.Integer);
            _tag = _command.Parameters.Add("@tag", SqliteType.Blob);
            _nowMs = _command.Parameters.Add("@nowMs", SqliteType.Integer);
            _userPk = _command.Parameters.Add("@userPk", SqliteType.Integer);
        }

        _command.Transaction = (SqliteTransaction)scope.Transaction;
        return _command;
    }

    public void Dispose() => _command?.Dispose();
}
