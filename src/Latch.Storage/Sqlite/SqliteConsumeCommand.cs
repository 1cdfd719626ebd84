using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// <see cref="CodeSql.Consume"/> for SQLite: the same condition and change as a find and an update by primary key,
/// on two commands kept on the writer's connection (parsed and planned once). Only the single writer runs them,
/// inside its transaction, so nothing can come between the two: the pair is as atomic as the one conditional
/// update. It avoids RETURNING, for which SQLite builds and drops a temporary table on every run.
/// </summary>
internal sealed class SqliteConsumeCommand : IDisposable
{
    private SqliteCommand? _find;
    private SqliteCommand? _use;

    public ConsumedRow? Run(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk, long challengePk)
    {
        Prepare(scope);
        _find!.Parameters[0].Value = resourcePk;
        _find.Parameters[1].Value = tag;
        _find.Parameters[2].Value = nowMs;
        _find.Parameters[3].Value = userPk is { } pk ? pk : DBNull.Value;
        _find.Parameters[4].Value = challengePk;

        long codePk;
        ConsumedRow consumed;
        using (var reader = _find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            codePk = reader.GetInt64(0);
            consumed = new ConsumedRow { Id = reader.GetString(1), UserId = reader.GetString(2) };
        }

        _use!.Parameters[0].Value = codePk;
        _use.Parameters[1].Value = nowMs;
        _use.ExecuteNonQuery();
        return consumed;
    }

    private void Prepare(WriteScope scope)
    {
        if (_find is null)
        {
            _find = (SqliteCommand)scope.Connection.CreateCommand();
            _find.CommandText = CodeSql.FindConsumable;
            _find.Parameters.Add("@resourcePk", SqliteType.Integer);
            _find.Parameters.Add("@tag", SqliteType.Blob);
            _find.Parameters.Add("@nowMs", SqliteType.Integer);
            _find.Parameters.Add("@userPk", SqliteType.Integer);
            _find.Parameters.Add("@challengePk", SqliteType.Integer);
            _use = (SqliteCommand)scope.Connection.CreateCommand();
            _use.CommandText = CodeSql.UseByPk;
            _use.Parameters.Add("@pk", SqliteType.Integer);
            _use.Parameters.Add("@nowMs", SqliteType.Integer);
        }

        _find.Transaction = (SqliteTransaction)scope.Transaction;
        _use!.Transaction = (SqliteTransaction)scope.Transaction;
    }

    public void Dispose()
    {
        _find?.Dispose();
        _use?.Dispose();
    }
}
