namespace Latch.Storage.Codes;

public enum RevokeResult
{
    Revoked,
    NotFound,

    /// <summary>Already consumed, revoked, dead or expired: nothing to revoke.</summary>
    AlreadyEnded,
}
