namespace Latch.Storage.Access;

/// <summary>The outcome of revoking an API key.</summary>
public enum RevokeApiKeyResult
{
    Revoked,

    /// <summary>No such key, or it is already revoked.</summary>
    NotFound,

    /// <summary>Refused: it is the last active admin key, and without one no admin call could be made again.</summary>
    LastAdmin,
}
