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
    private Statements? _statements;

    public ConsumedRow? Run(WriteScope scope, long resourcePk, byte[] tag, long nowMs, long? userPk, long challengePk)
    {
        var s = _statements ??= new Statements((SqliteConnection)scope.Connection);
        var find = s.Find;
        long codePk;
        ConsumedRow consumed;
        try
        {
            find.Bind(s.ResourcePk, resourcePk);
            find.Bind(s.Tag, tag);
            find.Bind(s.FindNow, nowMs);
            find.Bind(s.UserPk, userPk);
            find.Bind(s.ChallengePk, challengePk);
            if (!find.Step())
            {
                return null;
            }

            codePk = find.Int64(0);
            consumed = new ConsumedRow { Id = find.Text(1), UserId = find.Text(2) };
        }
        finally
        {
            find.Reset();
        }

        var use = s.Use;
        try
        {
            use.Bind(s.Pk, codePk);
            use.Bind(s.UseNow, nowMs);
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
        _statements?.Find.Dispose();
        _statements?.Use.Dispose();
    }

    private sealed class Statements
    {
        public Statements(SqliteConnection connection)
        {
            Find = new SqliteStatement(connection, CodeSql.FindConsumable);
            ResourcePk = Find.Parameter("@resourcePk");
            Tag = Find.Parameter("@tag");
            FindNow = Find.Parameter("@nowMs");
            UserPk = Find.Parameter("@userPk");
            ChallengePk = Find.Parameter("@challengePk");
            Use = new SqliteStatement(connection, CodeSql.UseByPk);
            Pk = Use.Parameter("@pk");
            UseNow = Use.Parameter("@nowMs");
        }

        public SqliteStatement Find { get; }
        public SqliteStatement Use { get; }
        public int ResourcePk { get; }
        public int Tag { get; }
        public int FindNow { get; }
        public int UserPk { get; }
        public int ChallengePk { get; }
        public int Pk { get; }
        public int UseNow { get; }
    }
}
