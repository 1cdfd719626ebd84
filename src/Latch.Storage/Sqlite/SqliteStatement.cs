using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Latch.Storage.Sqlite;

/// <summary>
/// One statement prepared once on the writer's connection and run through SQLite's own API. The verification path
/// runs three statements per code; through ADO.NET each run also allocates a reader, a statement enumerator and a
/// binder per parameter. Only the single writer uses these, inside its transaction, one at a time.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private const int Row = 100; // SQLITE_ROW
    private const int Done = 101; // SQLITE_DONE
    private const int StackText = 1024;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
        for (var i = 1; i <= raw.sqlite3_bind_parameter_count(_statement); i++)
        {
            _parameters[raw.sqlite3_bind_parameter_name(_statement, i).utf8_to_string()] = i;
        }
    }

    public void Bind(string name, long value) => Check(raw.sqlite3_bind_int64(_statement, Index(name), value));

    public void Bind(string name, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, Index(name), v) : raw.sqlite3_bind_null(_statement, Index(name)));

    public void Bind(string name, ReadOnlySpan<byte> blob) => Check(raw.sqlite3_bind_blob(_statement, Index(name), blob));

    /// <summary>
    /// Binds text as UTF-8, the database's encoding (text bound as UTF-16 is converted again inside SQLite), always
    /// with its length, so a NUL inside the text is kept. SQLite copies the bytes before this returns.
    /// </summary>
    public void Bind(string name, string text)
    {
        var index = Index(name);
        var length = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var buffer = length <= StackText ? stackalloc byte[StackText] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            Check(raw.sqlite3_bind_text(_statement, index, buffer[..written]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Runs the statement to its first row: true with the row's columns readable, false when there is none.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is Row or Done)
        {
            return rc == Row;
        }

        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>Ends the run and drops the bound values, so no blob or text is kept beyond it.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    private int Index(string name) =>
        _parameters.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _statement.Dispose();
}
