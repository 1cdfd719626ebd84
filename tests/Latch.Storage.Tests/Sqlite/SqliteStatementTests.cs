using Latch.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Latch.Storage.Tests.Sqlite;

public sealed class SqliteStatementTests
{
    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain",
        "naïve \u0000 café 🔑",
        string.Concat(Enumerable.Repeat("ü\u0000€x", 400)), // past the stack buffer: rented, still with its NULs
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_is_stored_exactly_as_bound(string text)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (v TEXT)";
            create.ExecuteNonQuery();
        }

        using (var insert = new SqliteStatement(connection, "INSERT INTO t (v) VALUES (@v)"))
        {
            insert.Bind("@v", text);
            insert.Step();
            insert.Reset();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT typeof(v), v FROM t";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("text", reader.GetString(0));
        Assert.Equal(text, reader.GetString(1));
    }
}
