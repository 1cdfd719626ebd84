using Latch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Sqlite;

/// <summary>
/// <see cref="CodeSql.Consume"/> for SQLite: the same condition and change as a find and an update by primary key,
/// on two statements kept on the writer's connection (parsed and planned once). Only the single writer runs them,
/// inside its transaction, so nothing can come between the two: the pair is as atomic as the one conditional
/// update. It avoids RETURNING, for which SQLite builds and drops a temporary table on every run.
/// </summary>
internal sealed class SqliteConsumeCommand : IDisposable
{
    private SqliteStatement? _find;
    private SqliteStatement? _use;

    public ConsumedRow? Run(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk, long challengePk)
    {
        var connection = (SqliteConnection)scope.Connection;
        var find = _find ??= new SqliteStatement(connection, CodeSql.FindConsumable);
        long codePk;
        ConsumedRow consumed;
        try
        {
            find.Bind("@resourcePk", resourcePk);
            find.Bind("@tag", tag);
            find.Bind("@nowMs", nowMs);
            find.Bind("@userPk", userPk);
            find.Bind("@challengePk", challengePk);
            if (!find.Step())
            {
                return null;
            }

            codePk = find.Int64(0);
            consumed = new ConsumedRow { Id = find.Text(1), UserId = find.Text(2), Uses = (int)find.Int64(3) + 1 };
        }
        finally
        {
            find.Reset();
        }

        var use = _use ??= new SqliteStatement(connection, CodeSql.UseByPk);
        try
        {
            use.Bind("@pk", codePk);
            use.Bind("@nowMs", nowMs);
            use.Step();
        }
        finally
        {
            use.Reset();
        }

        return consumed;
    }

    public void Dispose()
    {
        _find?.Dispose();
        _use?.Dispose();
    }
}
