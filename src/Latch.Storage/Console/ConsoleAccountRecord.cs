using Latch.Core.Directory;

namespace Latch.Storage.Console;

/// <summary>
/// A person who signs in to the admin web UI. <see cref="PasswordHash"/> is the PBKDF2 form and
/// <see cref="TotpSecret"/> the sealed (encrypted) authenticator secret; neither is ever plain.
/// </summary>
public sealed class ConsoleAccountRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string UserName { get; init; }

    /// <summary>The name's uniqueness key (<see cref="UserNames.Key"/>): names differing only in case or width are one.</summary>
    public string UserNameKey => UserNames.Key(UserName);

    /// <summary>admin, operator or auditor.</summary>
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
    public required byte[] TotpSecret { get; init; }

    /// <summary>pending until the first valid authenticator code, then active.</summary>
    public required string State { get; init; }
    public long LastStep { get; init; } = -1;
    public long CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public long? LastSignInAt { get; init; }

    public override string ToString() => $"ConsoleAccountRecord {{ Id = {Id}, UserName = {UserName}, Role = {Role}, State = {State}, secrets = (sealed) }}";
}

/// <summary>One row of the codes overview: metadata only, never a code or its tag.</summary>
public sealed class CodeListQuery
{
    /// <summary>pending (active, not yet expired), used, expired (or dead), revoked; null for all.</summary>
    public string? Status { get; init; }
    public long NowMs { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>Counts of codes by what became of them, for the dashboard.</summary>
public sealed record CodeCounts(long Issued, long Pending, long Used, long Expired, long Revoked);
