using Latch.Server.Http;
using Npgsql;

namespace Latch.Server.Tests.Http;

/// <summary>
/// The backstop behind the request checks: text PostgreSQL refuses to store, from a value no check caught, is answered
/// as the caller's fault (400), and any other database error stays Latch's (500).
/// </summary>
public sealed class NulCharacterTests
{
    [Theory]
    [InlineData("22021", true)] // character_not_in_repertoire: what PostgreSQL answers for U+0000 in text
    [InlineData("22P05", true)] // untranslatable_character
    [InlineData("23505", false)] // unique_violation
    [InlineData("40P01", false)] // deadlock_detected
    public void Text_postgres_cannot_store_is_the_callers_fault(string sqlState, bool callersFault)
    {
        var error = new PostgresException("refused", "ERROR", "ERROR", sqlState);

        Assert.Equal(callersFault, NulCharacter.IsBehind(error));
        Assert.Equal(callersFault, NulCharacter.IsBehind(new InvalidOperationException("wrapped", error)));
    }
}
